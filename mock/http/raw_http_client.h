// Test support: HTTP over raw POSIX sockets, for bytes a well-behaved client
// library would never send (broken request lines, NUL bytes, pipelining,
// half-sent headers). Header-only, used by this repo's tests only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace graphmock::testing {

// A connected socket to 127.0.0.1:port with a receive timeout, or -1.
inline int connect_raw(int port, int recv_timeout_seconds = 10) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{recv_timeout_seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool send_raw(int fd, const std::string& bytes) {
  return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

struct RawResponse {
  int status = 0;    // 0: no response (closed or timed out first)
  std::string head;  // status line and headers
  std::string body;

  std::string header(const std::string& name) const {
    std::string lower_head, key = "\r\n";
    for (char c : head)
      lower_head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char c : name) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    key += ": ";
    auto at = lower_head.find(key);
    if (at == std::string::npos) return "";
    auto start = at + key.size();
    return head.substr(start, head.find("\r\n", start) - start);
  }
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

// Reads one response (head, then Content-Length bytes) from `fd`; `buffer`
// keeps bytes of a following pipelined response.
inline RawResponse read_raw_response(int fd, std::string& buffer) {
  RawResponse r;
  char chunk[8192];
  for (;;) {
    auto end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      r.head = buffer.substr(0, end);
      std::string len = r.header("Content-Length");
      size_t n = len.empty() ? 0 : std::strtoul(len.c_str(), nullptr, 10);
      if (buffer.size() >= end + 4 + n) {
        r.body = buffer.substr(end + 4, n);
        buffer.erase(0, end + 4 + n);
        if (r.head.rfind("HTTP/1.", 0) == 0 && r.head.size() > 12)
          r.status = std::atoi(r.head.c_str() + 9);
        return r;
      }
    }
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) return RawResponse{};
    buffer.append(chunk, static_cast<size_t>(got));
  }
}

// One exchange on a fresh connection.
inline RawResponse raw_exchange(int port, const std::string& bytes) {
  int fd = connect_raw(port);
  if (fd < 0) return {};
  send_raw(fd, bytes);
  std::string buffer;
  RawResponse r = read_raw_response(fd, buffer);
  ::close(fd);
  return r;
}

// True when the peer closes the connection (recv() == 0 or a reset) within
// the socket's receive timeout.
inline bool closed_by_peer(int fd) {
  char c;
  for (;;) {
    ssize_t n = ::recv(fd, &c, 1, 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
}

}  // namespace graphmock::testing
