// The wrapper module that builds flanneld v0.28.10 (make k8s-images). One of flannel's dependencies, Tencent
// Cloud's VPC SDK (for its tencentvpc backend), is not served by the Go module proxy: a stand-in replaces it.
module talos-ts.local/k8s-images/flannel

go 1.26.0

require github.com/flannel-io/flannel v0.28.10

replace github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc => ./tencentcloud-vpc
