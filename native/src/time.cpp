// caffe-ref time: per-layer forward and backward timing of a net in the TRAIN phase, like
// `caffe time` but as JSON lines:
//   {"iter":j,"forward_ms":F,"backward_ms":B,"ms":T}             one per timed iteration
//   {"layer":"conv1","type":"Convolution","forward_ms":f,"backward_ms":b
//    [,"forward_gflop":g,"forward_gflops":r]}       averages in net order; FLOPs (2 x
//                                                   multiply-adds) for Convolution,
//                                                   Deconvolution and InnerProduct only
//    [,"train_gflop":t,"gemms":[[M,N,K,transA,transB,calls],...]]
//                                                   train_gflop: forward + the gradients Caffe
//                                                   computes (weights when they learn, data
//                                                   when the bottom needs it); gemms: the
//                                                   cblas_sgemm shapes (row major, as
//                                                   caffe_cpu_gemm calls them) of one training
//                                                   iteration, `calls` times each
//   {"summary":"average","iterations":N,"forward_ms":F,"backward_ms":B,"ms":T,"forward_gflop":G,
//    "train_gflop":T}
// One untimed forward+backward runs first (warm-up: allocation, first-touch of buffers).
#include <cstdio>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "cli.hpp"

namespace caffe_ref {

namespace {

void print_escaped(const std::string& s) {
  std::putchar('"');
  for (char c : s) {
    if (c == '"' || c == '\\') std::putchar('\\');
    if (static_cast<unsigned char>(c) < 0x20) {
      std::printf("\\u%04x", c);
    } else {
      std::putchar(c);
    }
  }
  std::putchar('"');
}

// Multiply-adds x 2 of one forward pass of a Convolution, Deconvolution or InnerProduct layer
// (0 for other types); backward costs about twice that (data and weight gradients).
double forward_flops(const caffe::Net<float>& net, int i) {
  caffe::Layer<float>& layer = *net.layers()[i];  // blobs() has no const overload
  const std::string type = layer.type();
  if (layer.blobs().empty()) return 0;
  const caffe::Blob<float>& weights = *layer.blobs()[0];
  const caffe::Blob<float>& bottom = *net.bottom_vecs()[i][0];
  const caffe::Blob<float>& top = *net.top_vecs()[i][0];
  if (type == "Convolution") {  // weights [out, in/group, kh, kw]
    return 2.0 * top.count() * (static_cast<double>(weights.count()) / weights.shape(0));
  }
  if (type == "Deconvolution") {  // weights [in, out/group, kh, kw]
    return 2.0 * bottom.count() * (static_cast<double>(weights.count()) / weights.shape(0));
  }
  if (type == "InnerProduct") {  // weights [out, in]
    return 2.0 * top.count() * weights.shape(1);
  }
  return 0;
}

// The GEMMs of one training iteration of layer i, as caffe_cpu_gemm issues them (Caffe 1.0's
// base_conv_layer.cpp and inner_product_layer.cpp): {M, N, K, transA, transB, calls}.
// Convolution: forward W(M x K) col(K x N); weight gradient top(M x N) col^T; data gradient
// W^T top, with M = conv_out_channels / group, N = conv_out_spatial_dim, K = kernel_dim, once
// per image and group. Deconvolution swaps forward and data gradient (its "conv out" is its
// bottom). Bias GEMVs are left out (under 1 % of these FLOPs here).
struct Gemm {
  long m, n, k;
  int ta, tb;
  long calls;
};

std::vector<Gemm> training_gemms(const caffe::Net<float>& net, int i) {
  caffe::Layer<float>& layer = *net.layers()[i];
  const std::string type = layer.type();
  std::vector<Gemm> out;
  if (layer.blobs().empty()) return out;
  const caffe::Blob<float>& weights = *layer.blobs()[0];
  const caffe::Blob<float>& bottom = *net.bottom_vecs()[i][0];
  const caffe::Blob<float>& top = *net.top_vecs()[i][0];
  const bool weight_grad = layer.param_propagate_down(0);
  const bool data_grad = net.bottom_need_backward()[i][0];
  if (type == "Convolution" || type == "Deconvolution") {
    const bool deconv = type == "Deconvolution";
    const int group = layer.layer_param().convolution_param().group();
    const caffe::Blob<float>& conv_out = deconv ? bottom : top;  // the GEMM view's output
    const long out_channels = conv_out.shape(1);
    const long m = out_channels / group;
    const long n = conv_out.count(2);
    const long k = weights.count(1);  // kernel_dim: conv in/group * kh * kw (deconv: out/group)
    const long calls = static_cast<long>(conv_out.shape(0)) * group;
    const Gemm fwd{m, n, k, 0, 0, calls}, wgrad{m, k, n, 0, 1, calls}, dgrad{k, n, m, 1, 0, calls};
    out.push_back(deconv ? dgrad : fwd);  // forward pass
    if (weight_grad) out.push_back(wgrad);
    if (data_grad) out.push_back(deconv ? fwd : dgrad);
    return out;
  }
  if (type == "InnerProduct") {  // weights [out, in], no transpose: top = bottom W^T
    const long batch = top.shape(0), outputs = weights.shape(0), inputs = weights.shape(1);
    out.push_back({batch, outputs, inputs, 0, 1, 1});
    if (weight_grad) out.push_back({outputs, inputs, batch, 1, 0, 1});
    if (data_grad) out.push_back({batch, inputs, outputs, 0, 0, 1});
  }
  return out;
}

}  // namespace

int run_time(const Options& options) {
  const std::string model = options.get("model");
  require_readable("model file", model);
  const int iterations = options.get_int("iterations", 50);
  caffe::NetParameter check;
  if (!caffe::ReadProtoFromTextFile(model, &check)) {
    throw BadInput{"model file '" + model + "' is not a valid NetParameter "
                   "(see the parse error above)"};
  }
  caffe::Caffe::set_mode(caffe::Caffe::CPU);
  caffe::Net<float> net(model, caffe::TRAIN);
  if (options.has("weights")) {
    require_readable("weights file", options.get("weights"));
    net.CopyTrainedLayersFrom(options.get("weights"));
  }
  const auto& layers = net.layers();
  const int n = static_cast<int>(layers.size());
  std::vector<double> forward(n, 0.0), backward(n, 0.0);

  net.Forward();
  net.Backward();
  double sum_f = 0, sum_b = 0, sum_t = 0;
  for (int j = 0; j < iterations; ++j) {
    const double start = now_ms();
    double f = 0, b = 0;
    for (int i = 0; i < n; ++i) {
      const double t0 = now_ms();
      net.ForwardFromTo(i, i);
      const double dt = now_ms() - t0;
      forward[i] += dt;
      f += dt;
    }
    for (int i = n - 1; i >= 0; --i) {
      const double t0 = now_ms();
      net.BackwardFromTo(i, i);
      const double dt = now_ms() - t0;
      backward[i] += dt;
      b += dt;
    }
    const double total = now_ms() - start;
    sum_f += f;
    sum_b += b;
    sum_t += total;
    std::printf("{\"iter\":%d,\"forward_ms\":%.3f,\"backward_ms\":%.3f,\"ms\":%.3f}\n", j, f, b,
                total);
    std::fflush(stdout);
  }
  double total_flops = 0, total_train = 0;
  for (int i = 0; i < n; ++i) {
    const double flops = forward_flops(net, i);
    total_flops += flops;
    std::printf("{\"layer\":");
    print_escaped(net.layer_names()[i]);
    std::printf(",\"type\":");
    print_escaped(layers[i]->type());
    std::printf(",\"forward_ms\":%.4f,\"backward_ms\":%.4f", forward[i] / iterations,
                backward[i] / iterations);
    if (flops > 0) {
      std::printf(",\"forward_gflop\":%.4f,\"forward_gflops\":%.2f", flops / 1e9,
                  flops / 1e6 / (forward[i] / iterations));
    }
    const std::vector<Gemm> gemms = training_gemms(net, i);
    if (!gemms.empty()) {
      double train = 0;
      std::printf(",\"gemms\":[");
      for (size_t g = 0; g < gemms.size(); ++g) {
        const Gemm& x = gemms[g];
        train += 2.0 * x.m * x.n * x.k * x.calls;
        std::printf("%s[%ld,%ld,%ld,%d,%d,%ld]", g ? "," : "", x.m, x.n, x.k, x.ta, x.tb, x.calls);
      }
      std::printf("],\"train_gflop\":%.4f", train / 1e9);
      total_train += train;
    }
    std::printf("}\n");
  }
  std::printf("{\"summary\":\"average\",\"iterations\":%d,\"forward_ms\":%.3f,"
              "\"backward_ms\":%.3f,\"ms\":%.3f,\"forward_gflop\":%.4f,\"train_gflop\":%.4f}\n",
              iterations, sum_f / iterations, sum_b / iterations, sum_t / iterations,
              total_flops / 1e9, total_train / 1e9);
  return kExitOk;
}

}  // namespace caffe_ref
