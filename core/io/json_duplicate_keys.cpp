#include "core/io/json_duplicate_keys.h"

#include <set>
#include <vector>

namespace initscope {

std::optional<JsonDuplicateKeys::Duplicate> JsonDuplicateKeys::first(const QByteArray& json) {
    // One entry per open container: the keys seen so far (objects) or none (arrays). In an
    // object a string is a key exactly when it is not a value, i.e. when it does not follow ':'.
    struct Container {
        bool object = false;
        std::set<std::string> keys;
    };
    std::vector<Container> open;
    bool after_colon = false;
    const qsizetype n = json.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = json[i];
        switch (c) {
            case '{':
                open.push_back({true, {}});
                after_colon = false;
                break;
            case '[':
                open.push_back({false, {}});
                after_colon = false;
                break;
            case '}':
            case ']':
                if (!open.empty()) open.pop_back();
                after_colon = false;
                break;
            case ':':
                after_colon = true;
                break;
            case ',':
                after_colon = false;
                break;
            case '"': {
                const qsizetype start = i;
                std::string text;
                for (++i; i < n && json[i] != '"'; ++i) {
                    if (json[i] == '\\' && i + 1 < n) text += json[i++];
                    text += json[i];
                }
                const bool is_key = !open.empty() && open.back().object && !after_colon;
                if (is_key && !open.back().keys.insert(text).second)
                    return Duplicate{start, std::move(text)};
                break;
            }
            default:
                break;
        }
    }
    return std::nullopt;
}

}  // namespace initscope
