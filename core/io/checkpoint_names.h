#pragma once

#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// How InitScope reads the name of a checkpoint's tensor ("model.layers.0.mlp.up_proj.weight"):
/// dot-separated parts, which give its place in the tree of the model's tensors and its role
/// (the same tensor in every layer: all "model.layers.*.self_attn.q_proj.weight").
class CheckpointNames {
public:
    /// The tensor's place in the tree: its groups, then its leaf. The leaf is the last two parts
    /// ("up_proj.weight": a tensor is named by its module and its own name), the groups are the
    /// parts before it: model / layers / 0 / mlp / up_proj.weight. A name of one or two parts
    /// is a leaf at the top ("fc1.weight").
    static std::vector<std::string> tree_path(const std::string& name);

    /// A role and the depth of one of its tensors.
    struct Role {
        std::string
            role;  ///< the name with its layer index as '*': "model.layers.*.mlp.up_proj.weight"
        int depth = 0;  ///< the layer index: 0 for model.layers.0
    };
    /// The layer index of a name is its first part made of digits only ("model.layers.3.…" → 3);
    /// without one, the digits that end its first part that has a letter before them ("fc2.weight"
    /// → role "fc*.weight", depth 2). nullopt when no part has such a number (or it has more than
    /// 9 digits): the tensor has no depth ("model.norm.weight").
    static std::optional<Role> role_of(const std::string& name);

    /// The dot-separated parts of `name` (empty parts kept: "a..b" has three).
    static std::vector<std::string> parts(const std::string& name);
};

}  // namespace initscope
