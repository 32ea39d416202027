// The dashboard: GET /_mock/ui (its page, stylesheet and script, embedded at
// build time from the files beside this one) and GET /_mock/events (the live
// stream, event_hub.h). The page holds no data and is served without the
// admin token; it asks for the token and sends it with every admin call.
#pragma once

#include "control/mock_control.h"
#include "pipeline/pipeline.h"
#include "ui/event_hub.h"

namespace graphmock {

void register_ui_routes(GraphRouter& router, EventHub& events);

}  // namespace graphmock
