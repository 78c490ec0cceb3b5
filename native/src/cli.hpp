// caffe-ref: command-line helpers shared by the train and time commands.
#ifndef CAFFE_REF_CLI_HPP_
#define CAFFE_REF_CLI_HPP_

#include <map>
#include <string>
#include <vector>

namespace caffe_ref {

/// Exit codes follow dlp4j's CLI: 0 ok, 1 other failure, 2 bad input.
enum { kExitOk = 0, kExitFailure = 1, kExitBadInput = 2 };

/// Thrown for bad user input; main() prints the message and exits with kExitBadInput.
struct BadInput {
  std::string message;
};

/// "--name value" options after the subcommand; every option takes exactly one value.
class Options {
 public:
  Options(int argc, char** argv, int first, const std::vector<std::string>& known);
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string get(const std::string& name) const;                 // required
  std::string get(const std::string& name, const std::string& fallback) const;
  int get_int(const std::string& name, int fallback) const;        // positive integer
 private:
  std::map<std::string, std::string> values_;
};

/// Throws BadInput naming the file unless it exists and is readable.
void require_readable(const std::string& what, const std::string& path);

/// Milliseconds of a steady clock, for interval timing.
double now_ms();

int run_train(const Options& options);
int run_time(const Options& options);

}  // namespace caffe_ref

#endif  // CAFFE_REF_CLI_HPP_
