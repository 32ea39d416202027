#include "bench_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace graphmock::bench {

int connect_local(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

bool send_all(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

bool ResponseReader::feed(const char* data, size_t n) {
  buf_.append(data, n);
  if (need_ == std::string::npos) {
    size_t end = buf_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    if (buf_.size() > 12) status_ = std::atoi(buf_.c_str() + 9);  // "HTTP/1.1 200"
    size_t length = 0;
    size_t line = buf_.find("\r\n");
    while (line < end) {
      size_t next = buf_.find("\r\n", line + 2);
      constexpr const char* kName = "content-length:";
      if (strncasecmp(buf_.c_str() + line + 2, kName, 15) == 0)
        length = std::strtoul(buf_.c_str() + line + 2 + 15, nullptr, 10);
      line = next;
    }
    need_ = end + 4 + length;
  }
  return buf_.size() >= need_;
}

int round_trip(int fd, const std::string& request, std::string* raw) {
  if (!send_all(fd, request)) return -1;
  ResponseReader reader;
  char chunk[16384];
  for (;;) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    if (reader.feed(chunk, static_cast<size_t>(n))) break;
  }
  if (raw) *raw = reader.raw();
  return reader.status();
}

std::string get_request(const std::string& path) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer bench\r\n\r\n";
}

}  // namespace graphmock::bench
