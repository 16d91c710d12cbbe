#pragma once

#include "core/io/config_file.h"

#include <string>
#include <vector>

namespace initscope {

/// The built-in example networks, compiled in from resources/presets/<name>.json as the Qt
/// resource ":/presets/<name>.json" (core/CMakeLists.txt). Each is an ordinary config file with a
/// "description". Presets: course, course_xavier, deep_relu, deep_tanh, small_cnn.
class PresetLibrary {
public:
    /// Preset names, sorted ("course", "course_xavier", ...).
    static std::vector<std::string> names();
    /// The preset's one-line description; empty when there is no such preset.
    static std::string description(const std::string& name);
    /// The preset as a network, validated. An unknown name gives
    /// "preset 'foo': no such preset (presets: course, …)"; errors in the file name the resource.
    static ConfigFile::Result load(const std::string& name);
    /// ":/presets/<name>.json"
    static QString resource_path(const std::string& name);
};

}  // namespace initscope
