// A stand-in for Tencent Cloud's VPC SDK (github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc),
// which the Go module proxy does not serve. flannel's tencentvpc backend compiles against it; every
// call fails, so that backend is unusable in this build (talos-ts uses flannel's vxlan backend).
module github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/vpc

go 1.22
