#include "core/files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace graphmock {

// A fleet-sized file is read in parts side by side: every byte lands in place.
TEST(FileText, ReadsALargeFileWhole) {
  const auto path =
      std::filesystem::temp_directory_path() / ("graphmock-filetext-" + std::to_string(::getpid()));
  std::string text(33u << 20, '\0');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + (i * 7919) % 26);
  std::ofstream(path, std::ios::binary) << text;
  auto read = FileText::read(path.string());
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_TRUE(read->view() == text);
  const FileText copy = *read;  // copies share the bytes
  EXPECT_EQ(copy.view().data(), read->view().data());
  std::filesystem::remove(path);

  auto missing = FileText::read(path.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find(path.string() + ": cannot read"), std::string::npos);
}

}  // namespace graphmock
