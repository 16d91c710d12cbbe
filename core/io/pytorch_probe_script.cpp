#include "core/io/pytorch_probe_script.h"

#include "core/io/pytorch_script_writer.h"
#include "core/model/choice_spelling.h"
#include "core/schemes/python_literal.h"

#include <sstream>

namespace initscope {

namespace {

/// "(100,)" or "(3, 32, 32)": one sample's shape as a Python tuple.
std::string shape_tuple(const std::vector<int64_t>& shape) {
    std::string out = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i > 0) out += ", ";
        out += PythonLiteral::integer(shape[i]);
    }
    return out + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

std::string PytorchProbeScript::definitions(const Network& network) {
    const std::vector<int64_t> input_shape =
        network.input_shape
            ? *network.input_shape
            : std::vector<int64_t>{network.layers.empty() ? 1 : network.layers[0].in};
    std::ostringstream py;
    py << "# The probe (InitScope's Probe): right after the inits the same generator draws the "
          "batch; the\n"
       << "# forward pass keeps every layer's a (pre-activation) and h = activation(a); then\n"
       << "# g = torch.randn_like(out) and out.backward(g): the gradients of L = (out * g).sum().\n"
       << "PROBE_BATCH = " << PythonLiteral::integer(network.probe.batch) << "\n"
       << "PROBE_INPUT = "
       << PythonLiteral::string(std::string(ChoiceSpelling::name(network.probe.input)))
       << "  # 'normal': torch.randn; 'uniform': U(-sqrt(3), sqrt(3)); both variance 1\n"
       << "PROBE_INPUT_SHAPE = " << shape_tuple(input_shape) << "\n\n\n"
       << "def _number(v):\n"
       << "    return v if math.isfinite(v) else None\n\n\n"
       << "def _std(t):\n"
       << "    return _number(t.detach().double().std(unbiased=False).item())\n\n\n"
       << "def _moments(t):\n"
       << "    d = t.detach().double()\n"
       << "    return {'mean': _number(d.mean().item()), 'std': "
          "_number(d.std(unbiased=False).item()),\n"
       << "            'min': _number(d.min().item()), 'max': _number(d.max().item())}\n\n\n"
       << "def probe():\n"
       << "    \"\"\"One forward and backward pass of the probe batch through `model`: the "
          "per-layer\n"
       << "    statistics as a dict (json.dumps of it is InitScope's --propagation format).\"\"\"\n"
       << "    shape = (PROBE_BATCH,) + PROBE_INPUT_SHAPE\n"
       << "    if PROBE_INPUT == 'uniform':\n"
       << "        x = torch.empty(shape).uniform_(-math.sqrt(3), math.sqrt(3))\n"
       << "    else:\n"
       << "        x = torch.randn(shape)\n"
       << "    steps = []  # (layer, activation, module, a, h)\n"
       << "    h = x\n";
    for (size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        const std::string module = "getattr(model, " + PythonLiteral::string(layer.name) + ")";
        if (PytorchScriptWriter::flattens_input(network, i)) py << "    h = torch.flatten(h, 1)\n";
        py << "    a = " << module << "(h)\n";
        const std::string call = PytorchScriptWriter::activation_call(layer, "a");
        py << "    h = " << (call.empty() ? "a" : call) << "\n"
           << "    steps.append((" << PythonLiteral::string(layer.name) << ", "
           << PythonLiteral::string(ChoiceSpelling::name(layer.activation)) << ", " << module
           << ", a, h))\n";
    }
    py << "    out = h\n"
       << "    for step in steps:\n"
       << "        step[3].retain_grad()\n"
       << "        step[4].retain_grad()\n"
       << "    g = torch.randn_like(out)\n"
       << "    out.backward(g)\n"
       << "    layers = []\n"
       << "    for name, activation, module, a, h in steps:\n"
       << "        d = h.detach().double()\n"
       << "        saturated = dead = None\n"
       << "        if activation == 'tanh':\n"
       << "            saturated = (d.abs() > 0.97).double().mean().item()\n"
       << "        elif activation == 'sigmoid':\n"
       << "            saturated = ((d < 0.03) | (d > 0.97)).double().mean().item()\n"
       << "        elif activation == 'relu':  # units that are 0 for every sample (and position)\n"
       << "            zero = (d == 0).transpose(0, 1).reshape(d.shape[1], -1)\n"
       << "            dead = zero.all(dim=1).double().mean().item()\n"
       << "        weight_std = module.weight.detach().double().std(unbiased=False).item()\n"
       << "        weight_grad_std = _std(module.weight.grad)\n"
       << "        ratio = None\n"
       << "        if weight_std != 0 and weight_grad_std is not None:\n"
       << "            ratio = _number(weight_grad_std / weight_std)\n"
       << "        layers.append({\n"
       << "            'layer': name, 'activation': activation,\n"
       << "            'pre': _moments(a), 'post': _moments(h),\n"
       << "            'saturated': saturated, 'dead': dead,\n"
       << "            'grad_pre_std': _std(a.grad), 'grad_post_std': _std(h.grad),\n"
       << "            'weight_grad_std': weight_grad_std,\n"
       << "            'bias_grad_std': None if module.bias is None else _std(module.bias.grad),\n"
       << "            'grad_data_ratio': ratio})\n"
       << "    return {'batch': PROBE_BATCH, 'input': PROBE_INPUT, 'layers': layers}\n";
    return py.str();
}

}  // namespace initscope
