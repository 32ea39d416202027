#include "http/delivery.h"

#include <sys/socket.h>

#include <cstring>
#include <memory>

#include "http/connection.h"

namespace graphmock {
namespace {

// A header name or value with CR or LF would split the response (a fault
// rule's header, say): cpp-httplib drops such headers, and so does this.
bool header_safe(const std::string& s) {
  return !std::memchr(s.data(), '\r', s.size()) && !std::memchr(s.data(), '\n', s.size());
}

}  // namespace

void deliver(Response out, const httplib::Request& req, httplib::Response& res) {
  res.status = out.status;
  // Straight into the map: Response::set_header scans every byte for CR/LF
  // with a slow loop (a tenth of a GET's CPU); the same check, by memchr.
  // Names and values moved out of their nodes (a long name is a buffer not copied).
  while (!out.headers.empty()) {
    auto header = out.headers.extract(out.headers.begin());
    if (header_safe(header.key()) && header_safe(header.mapped()))
      res.headers.emplace(std::move(header.key()), std::move(header.mapped()));
  }
  switch (out.delivery) {
    case Delivery::kNormal:
      if (out.stream) {
        // Chunked, until the stream ends, the client leaves or the server stops
        // (cpp-httplib checks for a stop between calls). An empty chunk would
        // end the body, so it is never written.
        res.set_chunked_content_provider(
            out.content_type, [stream = std::move(out.stream)](size_t, httplib::DataSink& sink) {
              return stream([&sink](std::string_view chunk) {
                return chunk.empty() || sink.write(chunk.data(), chunk.size());
              });
            });
        break;
      }
      // What set_content does (a fault rule may set the content type too).
      if (!out.body.empty() || !out.content_type.empty()) {
        res.body = std::move(out.body);
        res.headers.erase("Content-Type");
        if (header_safe(out.content_type))
          res.headers.emplace("Content-Type", std::move(out.content_type));
      }
      break;
    case Delivery::kMalformed: {
      std::string body = out.body.substr(0, out.body.size() * 3 / 5) + "\",{]";
      res.set_content(body,
                      out.content_type.empty() ? "application/json" : out.content_type.c_str());
      break;
    }
    case Delivery::kTruncate:
    case Delivery::kDribble: {
      auto body = std::make_shared<std::string>(out.body.empty() ? std::string("{\"value\":[]}")
                                                                 : out.body);
      bool truncate = out.delivery == Delivery::kTruncate;
      res.set_content_provider(
          body->size(), out.content_type.empty() ? "application/json" : out.content_type.c_str(),
          [body, truncate, due = std::move(out.dribble_due)](size_t offset, size_t,
                                                             httplib::DataSink& sink) {
            if (truncate) {
              // Promise the full length, send half, then hang up.
              if (offset == 0) sink.write(body->data(), body->size() / 2);
              return false;
            }
            constexpr size_t kPiece = 16;
            if (offset > 0 && due && !due(offset / kPiece)) return false;
            return sink.write(body->data() + offset, std::min(kPiece, body->size() - offset));
          });
      break;
    }
    case Delivery::kEmpty:
    case Delivery::kReset: {
      int fd = req.ssl ? SSL_get_fd(req.ssl) : current_connection().fd;
      if (fd >= 0) {
        if (out.delivery == Delivery::kReset) {
          linger l{1, 0};
          setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
          sockaddr unspec{};
          unspec.sa_family = AF_UNSPEC;
          ::connect(fd, &unspec, sizeof unspec);  // aborts the TCP connection: the peer gets RST
        } else {
          ::shutdown(fd, SHUT_RDWR);  // FIN with no bytes: "empty reply from server"
        }
      }
      res.set_header("Connection", "close");
      break;
    }
  }
}

}  // namespace graphmock
