// caffe-ref train: creates the solver through Caffe's registry and steps it one iteration at a
// time, printing {"iter":i,"loss":L,"ms":t} per step.
//
// iter: the solver's iteration counter before the step (0-based, as in Caffe's own
//       "Iteration i, loss = L" log lines).
// loss: sum over every blob with a non-zero loss weight of weight * sum(blob data), read from
//       the train net right after Solver::Step(1). With iter_size 1 this is exactly the value
//       Net::ForwardBackward() returned inside that step (what Step averages into its smoothed
//       loss; it equals Caffe's displayed loss when average_loss is 1).
// ms:   wall time of Solver::Step(1): forward, backward, regularisation and the update (plus a
//       test pass or snapshot if the solver's test_interval or snapshot fall on that step).
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "caffe/util/upgrade_proto.hpp"
#include "cli.hpp"
#include "loss.hpp"

namespace caffe_ref {

namespace {

void copy_weights(caffe::Solver<float>& solver, const std::string& list) {
  std::stringstream files(list);
  std::string file;
  while (std::getline(files, file, ',')) {
    require_readable("weights file", file);
    solver.net()->CopyTrainedLayersFrom(file);
    for (const auto& test_net : solver.test_nets()) test_net->CopyTrainedLayersFrom(file);
  }
}

}  // namespace

int run_train(const Options& options) {
  const std::string solver_file = options.get("solver");
  require_readable("solver file", solver_file);
  caffe::SolverParameter param;
  if (!caffe::ReadProtoFromTextFile(solver_file, &param)) {
    throw BadInput{"solver file '" + solver_file + "' is not a valid SolverParameter "
                   "(see the parse error above)"};
  }
  caffe::UpgradeSolverAsNeeded(solver_file, &param);
  param.set_solver_mode(caffe::SolverParameter_SolverMode_CPU);
  if (param.iter_size() != 1) {
    std::fprintf(stderr, "caffe-ref: iter_size is %d; the printed loss is the last "
                 "sub-iteration's, not Step's average\n", param.iter_size());
  }
  caffe::Caffe::set_mode(caffe::Caffe::CPU);
  // The Solver constructor seeds Caffe's RNG with random_seed (when >= 0) before it builds
  // the nets, so fillers and DummyData are reproducible.
  boost::shared_ptr<caffe::Solver<float> > solver(
      caffe::SolverRegistry<float>::CreateSolver(param));
  if (options.has("weights")) copy_weights(*solver, options.get("weights"));

  int remaining = param.max_iter() - solver->iter();
  int iterations = options.get_int("iterations", remaining > 0 ? remaining : 1);
  for (int k = 0; k < iterations; ++k) {
    const int iter = solver->iter();
    const double start = now_ms();
    solver->Step(1);
    const double ms = now_ms() - start;
    std::printf("{\"iter\":%d,\"loss\":%.9g,\"ms\":%.3f}\n", iter, static_cast<float>(weighted_loss(*solver->net())),
                ms);
    std::fflush(stdout);
  }
  return kExitOk;
}

}  // namespace caffe_ref
