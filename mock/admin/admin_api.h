// The admin API under /_mock (never mixed with Graph paths): health, reset,
// clock, and the rest of the control surface. Routes only; the state they act
// on lives in ServerCore.
#pragma once

#include "pipeline/pipeline.h"

namespace graphmock {

struct ServerCore;

void register_admin_routes(GraphRouter& router, ServerCore& core);

}  // namespace graphmock
