#pragma once

namespace initscope {

/// The papers behind the schemes, as SchemeInfo::paper cites them.
struct SchemePapers {
    static constexpr const char* glorot =
        "Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural "
        "networks";
    static constexpr const char* he =
        "He et al. 2015, Delving deep into rectifiers: surpassing human-level performance on "
        "ImageNet classification";
    static constexpr const char* lecun = "LeCun et al. 1998, Efficient BackProp";
    static constexpr const char* saxe =
        "Saxe et al. 2014, Exact solutions to the nonlinear dynamics of learning in deep linear "
        "networks";
    static constexpr const char* martens =
        "Martens 2010, Deep learning via Hessian-free optimization";
};

}  // namespace initscope
