# The graph_mock fixtures for the tests in this folder (and an example of enabling them).
pytest_plugins = ["graphmock_pytest"]
