// The dashboard's files, embedded by CMake from mock/ui/ (ui_assets.cc.in).
#pragma once

#include <string_view>

namespace graphmock::ui_assets {

extern const std::string_view kIndexHtml;
extern const std::string_view kDashboardCss;
extern const std::string_view kDashboardJs;

}  // namespace graphmock::ui_assets
