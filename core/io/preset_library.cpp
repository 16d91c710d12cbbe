#include "core/io/preset_library.h"

#include <QDir>
#include <QFile>

#include <algorithm>

namespace initscope {

QString PresetLibrary::resource_path(const std::string& name) {
    return QStringLiteral(":/presets/") + QString::fromStdString(name) + QStringLiteral(".json");
}

std::vector<std::string> PresetLibrary::names() {
    std::vector<std::string> out;
    const QStringList files =
        QDir(QStringLiteral(":/presets")).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString& file : files) out.push_back(file.chopped(5).toStdString());
    std::sort(out.begin(), out.end());
    return out;
}

std::string PresetLibrary::description(const std::string& name) {
    const ConfigFile::Result result = load(name);
    return result.description;
}

ConfigFile::Result PresetLibrary::load(const std::string& name) {
    const std::vector<std::string> known = names();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (const std::string& n : known) list += (list.empty() ? "" : ", ") + n;
        ConfigFile::Result result;
        result.error = "preset '" + name + "': no such preset (presets: " + list + ")";
        return result;
    }
    return ConfigFile::read(resource_path(name));
}

}  // namespace initscope
