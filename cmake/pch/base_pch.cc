// The translation unit that compiles graph-mock's shared precompiled header
// (cmake/graphmockPch.cmake); it has no code of its own.
