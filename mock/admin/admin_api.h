// The admin API under /_mock (never mixed with Graph paths): health, reset,
// clock, state, journal, faults and scenarios. Routes only; they act on the
// mock through MockControl.
#pragma once

#include "control/mock_control.h"
#include "pipeline/pipeline.h"

namespace graphmock {

// {"now": ISO 8601, "mode": "virtual" | "real"} (GET /_mock/clock).
Json clock_json(const Clock& clock);

void register_admin_routes(GraphRouter& router, MockControl& control);

}  // namespace graphmock
