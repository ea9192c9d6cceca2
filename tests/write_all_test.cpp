// write_all / write_all_at (write_all.h) and AtomicFile::write_at
// (output_file.h): every byte written, placeholders filled in place.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "decouple/output_file.h"
#include "decouple/temp_dir.h"
#include "decouple/write_all.h"

namespace decouple {
namespace {

using testing::TempDir;

TEST_CASE("write_all_at fills bytes already written and leaves the file position alone") {
  TempDir dir;
  std::string path = dir / "f.bin";
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  REQUIRE(fd >= 0);
  std::string body(10'000, 'x');
  CHECK(write_all(fd, body.data(), body.size()) == 0);
  CHECK(write_all_at(fd, "HEAD", 4, 0) == 0);
  CHECK(write_all_at(fd, "MID", 3, 5'000) == 0);
  CHECK(write_all(fd, "end", 3) == 0);  // still appends after the body
  ::close(fd);
  std::string back = TempDir::read(path);
  REQUIRE(back.size() == 10'003);
  CHECK(back.substr(0, 5) == "HEADx");
  CHECK(back.substr(4'999, 5) == "xMIDx");
  CHECK(back.substr(9'999) == "xend");
  CHECK(write_all_at(-1, "x", 1, 0) == EBADF);
}

TEST_CASE("AtomicFile: a placeholder written first and filled in last lands in the file") {
  TempDir dir;
  AtomicFile file(dir / "a.bin");
  file.write(std::string(8, '\0'));
  file.write("payload");
  file.write_at(0, "12345678");
  REQUIRE(file.commit() == "");
  CHECK(TempDir::read(dir / "a.bin") == "12345678payload");
}

}  // namespace
}  // namespace decouple
