#include "core/io/torch_pickle.h"

#include "core/model/quoted_text.h"

#include <cstring>
#include <map>
#include <memory>

namespace initscope {

namespace {

constexpr size_t kMaxItems = 1'000'000;
constexpr int kMaxDepth = 1000;

struct Value;
using ValuePtr = std::shared_ptr<Value>;

/// A value on the machine's stack: only what a state_dict's pickle builds.
struct Value {
    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    int64_t integer = 0;          ///< Int, Bool; a Storage's element count
    std::string text;             ///< String; Global "module name"; a Storage's key
    std::vector<ValuePtr> items;  ///< Tuple, List
    std::vector<std::pair<ValuePtr, ValuePtr>> entries;  ///< Dict, in insertion order
    TensorDtype dtype = TensorDtype::F32;                ///< Storage
    ValuePtr storage;                                    ///< Tensor
    int64_t offset = 0;                                  ///< Tensor, in elements
    std::vector<int64_t> shape, stride;                  ///< Tensor
};

ValuePtr make(Value::Kind kind) {
    auto value = std::make_shared<Value>();
    value->kind = kind;
    return value;
}

/// The pickle machine. Every read is bounds-checked; every failure throws a one-line reason.
class Machine {
public:
    explicit Machine(std::span<const unsigned char> bytes) : bytes_(bytes) {}

    ValuePtr run() {
        while (true) {
            if (at_ >= bytes_.size()) fail("ends without STOP");
            opcode_at_ = at_;
            const unsigned char op = bytes_[at_++];
            switch (op) {
                case 0x80:
                    take(1);
                    break;  // PROTO
                case 0x95:
                    take(8);
                    break;   // FRAME
                case 'c': {  // GLOBAL "module\nname\n"
                    const std::string module = line(), name = line();
                    push(global(module, name));
                    break;
                }
                case 0x93: {  // STACK_GLOBAL
                    const ValuePtr name = pop(), module = pop();
                    if (name->kind != Value::Kind::String || module->kind != Value::Kind::String)
                        fail("STACK_GLOBAL without two strings");
                    push(global(module->text, name->text));
                    break;
                }
                case 'q':
                    put(take(1)[0]);
                    break;
                case 'r':
                    put(uint32(take(4)));
                    break;
                case 0x94:
                    put(memo_.size());
                    break;  // MEMOIZE
                case 'h':
                    push(get(take(1)[0]));
                    break;
                case 'j':
                    push(get(uint32(take(4))));
                    break;
                case '(':
                    marks_.push_back(stack_.size());
                    break;
                case ')':
                    push(make(Value::Kind::Tuple));
                    break;
                case 't':
                    push(sequence(Value::Kind::Tuple, pop_mark()));
                    break;
                case 0x85:
                    push(sequence(Value::Kind::Tuple, pop_n(1)));
                    break;
                case 0x86:
                    push(sequence(Value::Kind::Tuple, pop_n(2)));
                    break;
                case 0x87:
                    push(sequence(Value::Kind::Tuple, pop_n(3)));
                    break;
                case ']':
                    push(make(Value::Kind::List));
                    break;
                case 'a': {
                    const ValuePtr item = pop();
                    list_top()->items.push_back(item);
                    break;
                }
                case 'e': {
                    std::vector<ValuePtr> items = pop_mark();
                    ValuePtr list = list_top();
                    for (ValuePtr& item : items) list->items.push_back(std::move(item));
                    break;
                }
                case '}':
                    push(make(Value::Kind::Dict));
                    break;
                case 's': {
                    const ValuePtr value = pop(), key = pop();
                    dict_top()->entries.emplace_back(key, value);
                    break;
                }
                case 'u': {
                    std::vector<ValuePtr> items = pop_mark();
                    if (items.size() % 2) fail("SETITEMS with an odd number of items");
                    ValuePtr dict = dict_top();
                    for (size_t i = 0; i < items.size(); i += 2)
                        dict->entries.emplace_back(items[i], items[i + 1]);
                    break;
                }
                case 'X':
                    push(string(uint32(take(4))));
                    break;  // BINUNICODE
                case 0x8c:
                    push(string(take(1)[0]));
                    break;  // SHORT_BINUNICODE
                case 'U':
                    push(string(take(1)[0]));
                    break;  // SHORT_BINSTRING
                case 0x8d:
                    push(string(size_t(uint64(take(8)))));
                    break;  // BINUNICODE8
                case 'J':
                    push(integer(int32_t(uint32(take(4)))));
                    break;  // BININT
                case 'K':
                    push(integer(take(1)[0]));
                    break;   // BININT1
                case 'M': {  // BININT2
                    const unsigned char* b = take(2);
                    push(integer(int64_t(b[0]) | int64_t(b[1]) << 8));
                    break;
                }
                case 0x8a:
                    push(long1());
                    break;
                case 0x88:
                    push(boolean(true));
                    break;
                case 0x89:
                    push(boolean(false));
                    break;
                case 'N':
                    push(make(Value::Kind::None));
                    break;
                case 'G': {  // BINFLOAT, big-endian
                    const unsigned char* b = take(8);
                    uint64_t bits = 0;
                    for (int i = 0; i < 8; ++i) bits = bits << 8 | b[i];
                    ValuePtr value = make(Value::Kind::Float);
                    std::memcpy(&value->integer, &bits, 8);
                    push(value);
                    break;
                }
                case 'R': {
                    const ValuePtr args = pop(), callable = pop();
                    push(reduce(callable, args));
                    break;
                }
                case 'b': {  // BUILD: the state of an OrderedDict or tensor is not needed
                    pop();
                    const ValuePtr target = top();
                    if (target->kind != Value::Kind::Dict && target->kind != Value::Kind::Tensor)
                        fail("BUILD on something other than a dict or a tensor");
                    break;
                }
                case 'Q':
                    push(persistent(pop()));
                    break;  // BINPERSID
                case '.':
                    return pop();  // STOP
                default:
                    fail("pickle opcode 0x" + hex(op) +
                         " is not allowed (a checkpoint may only hold tensors)");
            }
        }
    }

    [[noreturn]] void fail(const std::string& reason) const {
        throw std::runtime_error("data.pkl byte " + std::to_string(opcode_at_) + ": " + reason);
    }

private:
    static std::string hex(unsigned char op) {
        const char* digits = "0123456789abcdef";
        return {digits[op >> 4], digits[op & 15]};
    }
    const unsigned char* take(size_t n) {
        if (n > bytes_.size() - at_) fail("truncated");
        const unsigned char* p = bytes_.data() + at_;
        at_ += n;
        return p;
    }
    static uint32_t uint32(const unsigned char* b) {
        return uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
    }
    static uint64_t uint64(const unsigned char* b) {
        return uint64_t(uint32(b)) | uint64_t(uint32(b + 4)) << 32;
    }
    std::string line() {
        const size_t end = at_ + std::min<size_t>(bytes_.size() - at_, 256);
        for (size_t i = at_; i < end; ++i)
            if (bytes_[i] == '\n') {
                std::string text(reinterpret_cast<const char*>(bytes_.data() + at_), i - at_);
                at_ = i + 1;
                return text;
            }
        fail("GLOBAL without a name line");
    }
    ValuePtr string(size_t length) {
        const unsigned char* p = take(length);
        ValuePtr value = make(Value::Kind::String);
        value->text.assign(reinterpret_cast<const char*>(p), length);
        return value;
    }
    static ValuePtr integer(int64_t n) {
        ValuePtr value = make(Value::Kind::Int);
        value->integer = n;
        return value;
    }
    static ValuePtr boolean(bool b) {
        ValuePtr value = make(Value::Kind::Bool);
        value->integer = b;
        return value;
    }
    ValuePtr long1() {
        const size_t n = take(1)[0];
        if (n > 8) fail("an integer wider than 64 bits");
        const unsigned char* b = take(n);
        uint64_t bits = 0;
        for (size_t i = 0; i < n; ++i) bits |= uint64_t(b[i]) << (8 * i);
        if (n > 0 && n < 8 && (b[n - 1] & 0x80)) bits |= ~uint64_t(0) << (8 * n);  // sign
        return integer(int64_t(bits));
    }
    ValuePtr global(const std::string& module, const std::string& name) {
        const std::string full = module + " " + name;
        const bool allowed = full == "collections OrderedDict" ||
                             full == "torch._utils _rebuild_tensor_v2" ||
                             full == "torch._utils _rebuild_parameter" ||
                             (module == "torch" && TensorDtypes::from_torch_storage(name));
        if (!allowed)
            fail("pickle global '" + QuotedText::shown(module + "." + name) +
                 "' is not allowed (a checkpoint may only hold tensors)");
        ValuePtr value = make(Value::Kind::Global);
        value->text = full;
        return value;
    }
    void push(ValuePtr value) {
        if (stack_.size() >= kMaxItems) fail("more than 1,000,000 values on the stack");
        stack_.push_back(std::move(value));
    }
    ValuePtr pop() {
        if (stack_.empty() || (!marks_.empty() && stack_.size() == marks_.back()))
            fail("the stack is empty");
        ValuePtr value = std::move(stack_.back());
        stack_.pop_back();
        return value;
    }
    ValuePtr top() {
        if (stack_.empty()) fail("the stack is empty");
        return stack_.back();
    }
    ValuePtr list_top() {
        ValuePtr list = top();
        if (list->kind != Value::Kind::List) fail("APPEND to something other than a list");
        return list;
    }
    ValuePtr dict_top() {
        ValuePtr dict = top();
        if (dict->kind != Value::Kind::Dict) fail("SETITEM on something other than a dict");
        return dict;
    }
    std::vector<ValuePtr> pop_mark() {
        if (marks_.empty()) fail("no MARK");
        const size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<ValuePtr> items(std::make_move_iterator(stack_.begin() + ptrdiff_t(mark)),
                                    std::make_move_iterator(stack_.end()));
        stack_.resize(mark);
        return items;
    }
    std::vector<ValuePtr> pop_n(size_t n) {
        std::vector<ValuePtr> items(n);
        for (size_t i = n; i-- > 0;) items[i] = pop();
        return items;
    }
    static ValuePtr sequence(Value::Kind kind, std::vector<ValuePtr> items) {
        ValuePtr value = make(kind);
        value->items = std::move(items);
        return value;
    }
    void put(size_t index) {
        if (index >= kMaxItems) fail("memo index beyond 1,000,000");
        memo_[index] = top();
    }
    ValuePtr get(size_t index) {
        const auto found = memo_.find(index);
        if (found == memo_.end()) fail("memo " + std::to_string(index) + " was never stored");
        return found->second;
    }
    std::vector<int64_t> sizes(const ValuePtr& tuple, const char* what) {
        if (tuple->kind != Value::Kind::Tuple) fail(std::string(what) + " is not a tuple");
        std::vector<int64_t> out;
        for (const ValuePtr& item : tuple->items) {
            if (item->kind != Value::Kind::Int || item->integer < 0)
                fail(std::string(what) + " holds something other than a size ≥ 0");
            out.push_back(item->integer);
        }
        return out;
    }
    ValuePtr reduce(const ValuePtr& callable, const ValuePtr& args) {
        if (callable->kind != Value::Kind::Global) fail("REDUCE of something not callable");
        if (args->kind != Value::Kind::Tuple) fail("REDUCE without an argument tuple");
        const std::vector<ValuePtr>& a = args->items;
        if (callable->text == "collections OrderedDict") {
            if (!a.empty()) fail("OrderedDict with arguments");
            return make(Value::Kind::Dict);
        }
        if (callable->text == "torch._utils _rebuild_parameter") {
            if (a.empty() || a[0]->kind != Value::Kind::Tensor)
                fail("_rebuild_parameter without a tensor");
            return a[0];
        }
        if (callable->text == "torch._utils _rebuild_tensor_v2") {
            if (a.size() < 4 || a[0]->kind != Value::Kind::Storage ||
                a[1]->kind != Value::Kind::Int || a[1]->integer < 0)
                fail("_rebuild_tensor_v2 without (storage, offset, size, stride, …)");
            ValuePtr tensor = make(Value::Kind::Tensor);
            tensor->storage = a[0];
            tensor->offset = a[1]->integer;
            tensor->shape = sizes(a[2], "a tensor's size");
            tensor->stride = sizes(a[3], "a tensor's stride");
            if (tensor->shape.size() != tensor->stride.size())
                fail("a tensor's size and stride differ in length");
            return tensor;
        }
        fail("calling '" + QuotedText::shown(callable->text) + "' is not allowed");
    }
    ValuePtr persistent(const ValuePtr& pid) {
        const std::vector<ValuePtr>& p = pid->items;
        if (pid->kind != Value::Kind::Tuple || p.size() != 5 || p[0]->kind != Value::Kind::String ||
            p[0]->text != "storage" || p[1]->kind != Value::Kind::Global ||
            p[2]->kind != Value::Kind::String || p[4]->kind != Value::Kind::Int ||
            p[4]->integer < 0)
            fail("a persistent id that is not ('storage', type, key, location, numel)");
        const std::optional<TensorDtype> dtype =
            TensorDtypes::from_torch_storage(p[1]->text.substr(p[1]->text.find(' ') + 1));
        if (!dtype) fail("a storage of an unknown type");
        ValuePtr storage = make(Value::Kind::Storage);
        storage->dtype = *dtype;
        storage->text = p[2]->text;
        storage->integer = p[4]->integer;
        return storage;
    }

    std::span<const unsigned char> bytes_;
    size_t at_ = 0, opcode_at_ = 0;
    std::vector<ValuePtr> stack_;
    std::vector<size_t> marks_;
    std::map<size_t, ValuePtr> memo_;
};

/// Every tensor under `value`, named by the keys leading to it.
void collect(const ValuePtr& value, const std::string& name, int depth,
             std::vector<TorchPickle::TensorRecord>& out) {
    if (depth > kMaxDepth) throw std::runtime_error("data.pkl: nested deeper than 1,000 levels");
    const auto child = [&](const std::string& key) {
        return name.empty() ? key : name + "." + key;
    };
    switch (value->kind) {
        case Value::Kind::Dict:
            for (const auto& [key, item] : value->entries) {
                if (key->kind == Value::Kind::String)
                    collect(item, child(key->text), depth + 1, out);
                else if (key->kind == Value::Kind::Int)
                    collect(item, child(std::to_string(key->integer)), depth + 1, out);
            }
            return;
        case Value::Kind::List:
        case Value::Kind::Tuple:
            for (size_t i = 0; i < value->items.size(); ++i)
                collect(value->items[i], child(std::to_string(i)), depth + 1, out);
            return;
        case Value::Kind::Tensor: {
            TorchPickle::TensorRecord record;
            record.name = name.empty() ? "tensor" : name;
            record.dtype = value->storage->dtype;
            record.storage_key = value->storage->text;
            record.storage_numel = value->storage->integer;
            record.offset = value->offset;
            record.shape = value->shape;
            record.stride = value->stride;
            out.push_back(std::move(record));
            return;
        }
        default:
            return;  // epochs, learning rates, names: not tensors
    }
}

}  // namespace

std::optional<std::vector<TorchPickle::TensorRecord>> TorchPickle::tensors(
    std::span<const unsigned char> bytes, std::string* error) {
    try {
        Machine machine(bytes);
        const ValuePtr result = machine.run();
        std::vector<TensorRecord> records;
        collect(result, "", 0, records);
        return records;
    } catch (const std::runtime_error& problem) {
        *error = problem.what();
        return std::nullopt;
    }
}

}  // namespace initscope
