// The admin API under /_mock (never mixed with Graph paths): health, reset,
// clock, state, journal, faults and scenarios. Routes only; they act on the
// mock through MockControl.
#pragma once

#include "control/mock_control.h"
#include "pipeline/pipeline.h"

namespace graphmock {

void register_admin_routes(GraphRouter& router, MockControl& control);

}  // namespace graphmock
