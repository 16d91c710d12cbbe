#pragma once

#include "core/io/tensor_dtype.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace initscope {

/// A restricted unpickler for the data.pkl of a PyTorch checkpoint (torch.save of a state_dict,
/// or of a dict holding state_dicts): a small pickle machine that knows only the opcodes such a
/// file uses (protocols 2–4: MARK, tuples, lists, dicts, strings, ints, floats, bools, None,
/// memo get/put, FRAME, GLOBAL/STACK_GLOBAL, REDUCE, BUILD, BINPERSID, STOP) and only these
/// globals: collections.OrderedDict, torch._utils._rebuild_tensor_v2,
/// torch._utils._rebuild_parameter and torch's typed storage classes (FloatStorage, …).
/// Anything else — a global like os.system or builtins.eval, an opcode like INST, OBJ or
/// NEWOBJ — is refused by name before it could be called: nothing from the file is ever run,
/// and nothing is imported. Limits: 1,000,000 stack and memo entries, nesting 1,000.
class TorchPickle {
public:
    /// One tensor the pickle describes: where it sits in its storage (data/<storage_key> in the
    /// archive), in elements.
    struct TensorRecord {
        std::string name;  ///< its dict keys joined by '.' ("model.fc1.weight")
        TensorDtype dtype = TensorDtype::F32;
        std::string storage_key;
        int64_t storage_numel = 0;
        int64_t offset = 0;
        std::vector<int64_t> shape, stride;
    };

    /// The tensors of the pickle `bytes`, in the dict's order. Nullopt with `*error` (one line
    /// naming the opcode, the global or the byte offset) for anything outside the subset.
    static std::optional<std::vector<TensorRecord>> tensors(std::span<const unsigned char> bytes,
                                                            std::string* error);
};

}  // namespace initscope
