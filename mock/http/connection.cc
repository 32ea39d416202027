#include "http/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>

namespace graphmock {
namespace {

// Heads longer than this are left to cpp-httplib unchecked (its own line
// limits and our 431 answer them); it bounds what one connection buffers.
constexpr size_t kMaxCheckedHead = 256 * 1024;
constexpr size_t kReadChunk = 16 * 1024;

thread_local ConnectionContext t_connection;

bool wait_for(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, timeout_ms) > 0 && (p.revents & (events | POLLHUP | POLLERR));
}

void endpoint(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  auto* addr = reinterpret_cast<sockaddr*>(&ss);
  if ((peer ? getpeername(fd, addr, &len) : getsockname(fd, addr, &len)) != 0) return;
  char buf[INET6_ADDRSTRLEN] = {0};
  if (ss.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    port = ntohs(in->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    port = ntohs(in6->sin6_port);
  }
  ip = buf;
}

// A socket stream that lives as long as the connection and keeps what it
// read ahead. Once a read times out or the peer closes, later reads that
// need the socket fail at once, so a head cut short is not waited for twice.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int fd, int read_timeout_ms, int write_timeout_ms)
      : fd_(fd), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  bool is_readable() const override {
    return off_ < buf_.size() || wait_for(fd_, POLLIN, read_timeout_ms_);
  }
  bool is_writable() const override { return wait_for(fd_, POLLOUT, write_timeout_ms_); }

  ssize_t read(char* ptr, size_t size) override {
    if (off_ == buf_.size() && !fill(read_timeout_ms_)) return ended_ ? 0 : -1;
    size_t n = std::min(size, buf_.size() - off_);
    std::memcpy(ptr, buf_.data() + off_, n);
    off_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return ::send(fd_, ptr, size, MSG_NOSIGNAL);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    endpoint(fd_, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    endpoint(fd_, false, ip, port);
  }
  socket_t socket() const override { return fd_; }

  // False once a read timed out or the peer closed: what follows on the
  // connection can no longer be framed.
  bool usable() const { return !failed_; }
  // Waits up to `timeout_ms` for the first byte of a next request (or the
  // peer's close, which the next read reports).
  bool has_request(int timeout_ms) const {
    return off_ < buf_.size() || wait_for(fd_, POLLIN, timeout_ms);
  }

  // The unread bytes up to and including the blank line ending the head,
  // reading more as needed; empty when the head is incomplete or too long.
  std::string_view head() {
    size_t scanned = 0;  // unread bytes searched already (fill may move them)
    for (;;) {
      size_t end = buf_.find("\r\n\r\n", off_ + scanned);
      if (end != std::string::npos) return std::string_view(buf_).substr(off_, end + 4 - off_);
      size_t unread = buf_.size() - off_;
      if (unread > kMaxCheckedHead) return {};
      scanned = unread < 3 ? 0 : unread - 3;
      if (!fill(read_timeout_ms_)) return {};
    }
  }

 private:
  // Appends what the socket has, within `timeout_ms`; false on timeout or close.
  bool fill(int timeout_ms) {
    if (failed_) return false;
    if (off_ == buf_.size()) {
      buf_.clear();
      off_ = 0;
    }
    if (!wait_for(fd_, POLLIN, timeout_ms)) return !(failed_ = true);
    size_t old = buf_.size();
    buf_.resize(old + kReadChunk);
    ssize_t n = ::recv(fd_, buf_.data() + old, kReadChunk, 0);
    buf_.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n <= 0) ended_ = failed_ = true;
    return n > 0;
  }

  int fd_;
  int read_timeout_ms_, write_timeout_ms_;
  std::string buf_;
  size_t off_ = 0;
  bool failed_ = false;  // a read timed out or the connection ended: no more reads
  bool ended_ = false;   // the peer closed (read returns 0, not -1)
};

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string quoted(std::string_view s) {
  constexpr size_t kShown = 80;
  return "'" + std::string(s.substr(0, kShown)) + (s.size() > kShown ? "...'" : "'");
}

}  // namespace

ConnectionContext& current_connection() { return t_connection; }

Status check_request_head(std::string_view head) {
  size_t at = head.find("\r\n");
  std::string_view length;
  while (at != std::string_view::npos && at + 2 < head.size()) {
    size_t start = at + 2;
    at = head.find("\r\n", start);
    std::string_view line = head.substr(start, at - start);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos)
      return GraphError::bad_request("The request header line " + quoted(line) + " has no colon.");
    if (!iequals(line.substr(0, colon), "Content-Length")) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && is_space_or_tab(value.front())) value.remove_prefix(1);
    while (!value.empty() && is_space_or_tab(value.back())) value.remove_suffix(1);
    if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos)
      return GraphError::bad_request("The Content-Length " + quoted(value) +
                                     " is not a number of bytes.");
    if (!length.empty() && value != length)
      return GraphError::bad_request("The request has two different Content-Length headers.");
    length = value;
  }
  return {};
}

bool ConnectionServer::process_and_close_socket(socket_t sock) {
  auto ms = [](time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); };
  ConnectionStream strm(sock, ms(read_timeout_sec_, read_timeout_usec_),
                        ms(write_timeout_sec_, write_timeout_usec_));
  // A next request within the keep-alive timeout, waited for in short slices
  // so that stop() is noticed.
  auto next_request = [&, keep_alive = std::chrono::seconds(keep_alive_timeout_sec_)] {
    auto since = std::chrono::steady_clock::now();
    do {
      if (strm.has_request(100)) return true;
    } while (svr_sock_ != INVALID_SOCKET && std::chrono::steady_clock::now() - since < keep_alive);
    return false;
  };
  bool ok = false;
  for (size_t left = keep_alive_max_count_; left > 0 && next_request(); --left) {
    Status checked = check_request_head(strm.head());
    t_connection = {sock, checked.ok() ? nullptr : &checked.error(), !checked.ok()};
    bool closed = false;
    ok = process_request(strm, left == 1, closed, nullptr);
    bool close = t_connection.close;
    t_connection = {};
    if (!ok || closed || close || !strm.usable()) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace graphmock
