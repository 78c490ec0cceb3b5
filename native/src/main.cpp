// caffe-ref: a reference runner for dlp4j benchmarks and parity tests. It links the same
// libcaffe.so as the Java preset and prints one JSON object per line on stdout; Caffe's own
// glog goes to stderr.
//
//   caffe-ref train --solver FILE [--weights F[,F...]] [--iterations N]
//   caffe-ref time  --model FILE [--iterations N] [--weights F]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "caffe/caffe.hpp"
#include "cli.hpp"

namespace caffe_ref {

Options::Options(int argc, char** argv, int first, const std::vector<std::string>& known) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    bool ok = arg.size() > 2 && arg.compare(0, 2, "--") == 0;
    std::string name = ok ? arg.substr(2) : arg;
    bool is_known = false;
    for (const std::string& k : known) is_known = is_known || k == name;
    if (!ok || !is_known) throw BadInput{"unknown argument '" + arg + "'"};
    if (i + 1 >= argc) throw BadInput{"option " + arg + " needs a value"};
    values_[name] = argv[++i];
  }
}

std::string Options::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw BadInput{"missing required option --" + name};
  return it->second;
}

std::string Options::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

int Options::get_int(const std::string& name, int fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  long v = std::strtol(it->second.c_str(), &end, 10);
  if (*end != '\0' || v <= 0 || v > 100000000L) {
    throw BadInput{"--" + name + " must be a positive integer, got '" + it->second + "'"};
  }
  return static_cast<int>(v);
}

void require_readable(const std::string& what, const std::string& path) {
  std::ifstream in(path.c_str());
  if (!in.good()) throw BadInput{what + " '" + path + "' does not exist or cannot be read"};
}

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace caffe_ref

static void usage(std::FILE* to) {
  std::fprintf(to,
      "usage: caffe-ref train --solver FILE [--weights F[,F...]] [--iterations N]\n"
      "       caffe-ref time  --model FILE [--iterations N] [--weights F]\n"
      "Prints one JSON object per line on stdout; Caffe's log goes to stderr.\n"
      "Set GLOG_minloglevel=1 to silence Caffe's INFO lines.\n");
}

int main(int argc, char** argv) {
  using namespace caffe_ref;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  FLAGS_logtostderr = 1;
  google::InitGoogleLogging(argv[0]);
  caffe::Caffe::set_mode(caffe::Caffe::CPU);
  std::string command = argv[1];
  try {
    if (command == "train") {
      return run_train(Options(argc, argv, 2, {"solver", "weights", "iterations"}));
    }
    if (command == "time") {
      return run_time(Options(argc, argv, 2, {"model", "weights", "iterations"}));
    }
    throw BadInput{"unknown command '" + command + "' (expected train or time)"};
  } catch (const BadInput& e) {
    std::fprintf(stderr, "caffe-ref: %s\n", e.message.c_str());
    usage(stderr);
    return kExitBadInput;
  }
}
