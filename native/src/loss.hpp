// The loss caffe-ref reports after a step, shared by caffe-ref train and libcaffe-ref-jni.so.
#ifndef CAFFE_REF_LOSS_HPP_
#define CAFFE_REF_LOSS_HPP_

#include <vector>

#include "caffe/caffe.hpp"

namespace caffe_ref {

/// Sum over every blob with a non-zero loss weight of weight * sum(blob data): with iter_size 1, right
/// after Solver::Step(1), exactly the value Net::ForwardBackward() returned inside that step.
inline double weighted_loss(const caffe::Net<float>& net) {
  const std::vector<float>& weights = net.blob_loss_weights();
  double loss = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0) continue;
    const caffe::Blob<float>& blob = *net.blobs()[i];
    const float* data = blob.cpu_data();
    double sum = 0;
    for (int k = 0; k < blob.count(); ++k) sum += data[k];
    loss += weights[i] * sum;
  }
  return loss;
}

}  // namespace caffe_ref

#endif  // CAFFE_REF_LOSS_HPP_
