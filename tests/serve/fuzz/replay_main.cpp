// Runs the request-parsing fuzz target without libFuzzer (any compiler, so CI can use it
// under AddressSanitizer + UBSan): every corpus file, every prefix of it and every
// single-byte deletion, deterministically. serve_fuzz_replay DIR...
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {
void run(const std::string& s) { LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
}  // namespace

int main(int argc, char** argv) {
  size_t files = 0, inputs = 0;
  for (int a = 1; a < argc; ++a) {
    for (const auto& entry : std::filesystem::directory_iterator(argv[a])) {
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      ++files;
      run(body);
      for (size_t n = 0; n < body.size(); ++n, inputs += 2) {
        run(body.substr(0, n));                       // truncated: unterminated strings, arrays
        run(body.substr(0, n) + body.substr(n + 1));  // one byte lost: broken tokens, types
      }
    }
  }
  std::printf("replayed %zu corpus files as %zu inputs\n", files, inputs + files);
  return files > 0 ? 0 : 1;
}
