#include "core/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/parallel.h"

namespace graphmock {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return GraphError::bad_request(path + ": cannot read (" + std::strerror(errno) + ")");
  // One read into a string of the file's size: a fleet's fixtures are tens of megabytes.
  std::string text;
  if (const auto size = in.tellg(); size > 0) {
    text.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
  }
  // A file whose size is not known up front (a pipe, /proc) is read to its end.
  if (in.eof() || in.fail()) in.clear();
  text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return text;
}

FileText::FileText(std::string text) {
  auto held = std::make_shared<const std::string>(std::move(text));
  view_ = *held;
  bytes_ = std::move(held);
}

Result<FileText> FileText::read(const std::string& path) {
  auto refused = [&] {
    return GraphError::bad_request(path + ": cannot read (" + std::strerror(errno) + ")");
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return refused();
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);  // not a plain file: read as a stream
    auto text = read_file(path);
    if (!text) return text.error();
    return FileText(std::move(*text));
  }
  // Not a std::string: its resize would zero every byte before read() writes
  // it. A large file is read in parts side by side.
  const size_t expected = static_cast<size_t>(st.st_size);
  size_t capacity = expected + 1, size = 0;
  std::shared_ptr<char[]> buffer = std::make_shared_for_overwrite<char[]>(capacity);
  constexpr size_t kPart = 16 << 20;
  const size_t parts = (expected + kPart - 1) / kPart;
  std::vector<ssize_t> got(parts, 0);
  parallel_for(parts, [&](size_t i) {
    const size_t from = i * kPart, want = std::min(kPart, expected - from);
    size_t done = 0;
    while (done < want) {
      const ssize_t n =
          ::pread(fd, buffer.get() + from + done, want - done, static_cast<off_t>(from + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        got[i] = n < 0 ? -errno : static_cast<ssize_t>(done);
        return;
      }
      done += static_cast<size_t>(n);
    }
    got[i] = static_cast<ssize_t>(done);
  });
  for (size_t i = 0; i < parts; ++i) {
    if (got[i] < 0) {
      ::close(fd);
      errno = static_cast<int>(-got[i]);
      return refused();
    }
    size += static_cast<size_t>(got[i]);
    if (static_cast<size_t>(got[i]) < std::min(kPart, expected - i * kPart)) break;  // shrank
  }
  // What follows the size fstat saw (a file that grew) is read to its end.
  ::lseek(fd, static_cast<off_t>(size), SEEK_SET);
  for (;;) {
    if (size == capacity) {
      auto bigger = std::make_shared_for_overwrite<char[]>(capacity * 2);
      std::memcpy(bigger.get(), buffer.get(), size);
      buffer = std::move(bigger);
      capacity *= 2;
    }
    const ssize_t n = ::read(fd, buffer.get() + size, capacity - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      errno = error;
      return refused();
    }
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  ::close(fd);
  FileText out;
  out.view_ = std::string_view(buffer.get(), size);
  out.bytes_ = std::move(buffer);
  return out;
}

}  // namespace graphmock
