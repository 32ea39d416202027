# cmake -DBINARY=... -DOUT_DIR=... -P graphmockCliReference.cmake
# Writes graph-mock's man page (graph-mock.1 and graph-mock.1.gz, gzip -9n as Debian wants
# it) and its bash completion (graph-mock.bash-completion), both printed by the binary from
# its command-line definition. Defaults that are data folders read $GRAPHMOCK_DATA_DIR/...:
# this build tree's paths mean nothing where the page is installed.
set(ENV{GRAPHMOCK_DATA_DIR} "$GRAPHMOCK_DATA_DIR")
execute_process(COMMAND ${BINARY} --generate man OUTPUT_FILE ${OUT_DIR}/graph-mock.1
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND gzip -9nc ${OUT_DIR}/graph-mock.1 OUTPUT_FILE ${OUT_DIR}/graph-mock.1.gz
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${BINARY} --generate bash-completion
  OUTPUT_FILE ${OUT_DIR}/graph-mock.bash-completion COMMAND_ERROR_IS_FATAL ANY)
