// Reads every kind of rules file into a RuleSet. Names are resolved afterwards by the checker.
#include "borne/engine/loader.hpp"

#include "checker.hpp"
#include "expr_parser.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;

namespace borne::engine {

std::optional<Quantity> parse_quantity(std::string_view text) {
    auto trim = [](std::string_view s) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        return s;
    };
    text = trim(text);
    struct Suffix {
        std::string_view text;
        Unit unit;
    };
    static constexpr Suffix suffixes[] = {{"€", Unit::Euro},  {"%", Unit::Percent}, {"ans", Unit::Year}, {"an", Unit::Year},
                                          {"mois", Unit::Month}, {"jours", Unit::Day}, {"jour", Unit::Day}};
    Quantity q;
    for (const auto& s : suffixes) {
        if (text.size() > s.text.size() && text.ends_with(s.text)) {
            std::string_view number = trim(text.substr(0, text.size() - s.text.size()));
            // "ans" must not be read inside a word ("plans"): the number must end right before the suffix
            if (number.empty() || !(std::isdigit(static_cast<unsigned char>(number.back())))) continue;
            auto v = Decimal::parse(number);
            if (!v) return std::nullopt;
            q.value = s.unit == Unit::Percent ? *v / Decimal::from_int(100) : *v;
            q.unit = s.unit;
            return q;
        }
    }
    auto v = Decimal::parse(text);
    if (!v) return std::nullopt;
    q.value = *v;
    return q;
}

namespace {

std::vector<fs::path> yaml_files_under(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && (it->path().extension() == ".yaml" || it->path().extension() == ".yml"))
            out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Everything the loader needs while reading one folder.
class Loader {
public:
    Loader(std::string root, RuleSet& rules, Diagnostics& diags, LoadOptions options, LocalChoice local)
        : m_root(std::move(root)), m_rules(rules), m_diags(diags), m_options(options), m_local(std::move(local)) {}

    void run() {
        fs::path root(m_root);
        std::error_code ec;
        if (!fs::is_directory(root, ec)) {
            m_diags.error("R001", {m_root, 0, 0}, "", "dossier de règles introuvable");
            return;
        }
        parse_all_in_parallel();
        // The national rules, then each collectivité's folder under local/ that is in force: its files sit
        // in the same folders as the national ones and are read with them, kind by kind.
        std::vector<Base> bases{{root, -1}};
        for (const auto& folder : pack_folders(root / "local"))
            if (int pack = read_pack(folder); pack >= 0) bases.push_back({folder, pack});
        auto under = [&](const char* folder) {
            std::vector<fs::path> all;
            for (const auto& b : bases)
                for (auto& p : yaml_files_under(b.folder / folder)) all.push_back(std::move(p));
            return all;
        };
        for (const auto& p : under("questions")) each_entry(p, [&](auto& f, auto& k, auto& v) { read_input(f, k, v); });
        resolve_group_answers();
        for (const auto& p : under("parametres")) each_entry(p, [&](auto& f, auto& k, auto& v) { read_parameter(f, k, v); });
        for (const auto& p : under("definitions"))
            each_entry(p, [&](auto& f, auto& k, auto& v) { read_definition(f, k, v, "", RuleRole::Definition, -1); });
        // Catalogues: one file at the root, or one file per theme in a folder of the same name.
        if (auto f = open(root / "pieces.yaml")) read_catalogue(*f, true);
        for (const auto& p : under("pieces"))
            if (auto f = open(p)) read_catalogue(*f, true);
        if (auto f = open(root / "organismes.yaml")) read_catalogue(*f, false);
        for (const auto& p : under("organismes"))
            if (auto f = open(p)) read_catalogue(*f, false);
        for (const auto& p : yaml_files_under(root / "donnees")) read_table(p);
        if (auto f = open(root / "textes.yaml")) read_texts(*f);
        std::set<std::string> left_out;  // local aids not read (expired, or not chosen by the site): their tests too
        for (const auto& b : bases)
            for (const auto& p : yaml_files_under(b.folder / "aides"))
                if (!is_test_file(p))
                    if (auto f = open(p)) {
                        if (b.pack < 0) read_aid(*f);
                        else if (!read_local_aid(*f, b.pack)) left_out.insert(id_of(scalar_or_empty(f->root["id"])));
                    }
        if (fs::exists(root / "moments_de_vie.yaml", ec)) {
            each_entry(root / "moments_de_vie.yaml", [&](auto& f, auto& k, auto& v) { read_life_event(f, k, v); });
            check_life_events();
        }
        if (m_options.tests) {
            // An aid's tests sit beside it in <aide>.tests.yaml; tests about several aids in tests/.
            for (const auto& b : bases)
                for (const auto& p : yaml_files_under(b.folder / "aides"))
                    if (is_test_file(p)) {
                        std::string aid = id_of(p.filename().string().substr(0, p.filename().string().size() - 11));
                        if (left_out.contains(aid)) continue;
                        if (auto f = open(p)) read_tests(*f, f->root, aid);
                    }
            for (const auto& p : under("tests"))
                if (auto f = open(p)) read_tests(*f, f->root, "");
        }
        for (const auto& p : yaml_files_under(root / "references"))
            if (auto f = open(p)) read_references(*f);
        m_rules.fingerprint = fmt::format("{:016x}", m_hash);
    }

private:
    std::string m_root;
    RuleSet& m_rules;
    Diagnostics& m_diags;
    LoadOptions m_options;
    LocalChoice m_local;

    /// Tests: everything under tests/ (national, or of a local pack: local/<pack>/tests/), and files named
    /// <aide>.tests.yaml.
    bool is_test_file(const fs::path& p) const {
        std::string name = p.filename().string();
        if (name.ends_with(".tests.yaml")) return true;
        std::error_code ec;
        auto rel = fs::relative(p, fs::path(m_root), ec);
        if (ec) return false;
        std::vector<fs::path> parts(rel.begin(), rel.end());
        return (!parts.empty() && parts[0] == "tests") || (parts.size() > 3 && parts[0] == "local" && parts[2] == "tests");
    }

    struct Base {
        fs::path folder;  // the rules folder, or a pack's folder under local/
        int pack = -1;    // index in RuleSet::local_packs
    };

    static std::string scalar_or_empty(const YamlNode& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

    /// The folders under local/, one per collectivité. A YAML file anywhere else in local/ (not in a
    /// pack's folder) would be silently ignored: it is an error.
    std::vector<fs::path> pack_folders(const fs::path& local) {
        std::vector<fs::path> out;
        std::error_code ec;
        if (!fs::is_directory(local, ec)) return out;
        for (fs::directory_iterator it(local, ec), end; !ec && it != end; it.increment(ec)) {
            if (it->is_directory(ec)) out.push_back(it->path());
            else if (it->path().extension() == ".yaml")
                m_diags.error("R003", {shown(it->path()), 0, 0}, "", "fichier hors d'un dossier de collectivité : une aide locale va dans local/<collectivité>/aides/");
        }
        std::sort(out.begin(), out.end());
        for (const auto& folder : out)
            for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
                static const std::set<std::string> known{"collectivite.yaml", "questions", "parametres", "definitions", "pieces", "organismes", "aides", "tests"};
                if (!known.contains(it->path().filename().string()))
                    m_diags.error("R003", {shown(it->path()), 0, 0}, "",
                                  "inattendu dans un dossier de collectivité (collectivite.yaml, questions/, parametres/, definitions/, pieces/, organismes/, aides/, tests/)");
            }
        return out;
    }

    /// Is `until` (valide_jusqu_au) passed, or `from` still to come, on the day the rules are loaded?
    /// Why a pack or aid with these dates is out of force on the day the rules are loaded for, and the field
    /// that says so (the one to bring up to date); nothing when it is in force or no day was given.
    struct OutOfForce {
        std::string why;
        const char* field;
    };
    std::optional<OutOfForce> out_of_force(const std::optional<Date>& from, const std::optional<Date>& until) const {
        if (!m_local.today) return std::nullopt;
        if (until && *until < *m_local.today) return OutOfForce{fmt::format("expiré depuis le {}", until->iso()), "valide_jusqu_au"};
        if (from && *from > *m_local.today) return OutOfForce{fmt::format("en vigueur seulement à partir du {}", from->iso()), "valide_du"};
        return std::nullopt;
    }

    /// local/<pack>/collectivite.yaml: the pack's name, territory, validity and office. Returns its index in
    /// RuleSet::local_packs, or -1 when the pack is not read (missing file, errors, out of force).
    int read_pack(const fs::path& folder) {
        fs::path path = folder / "collectivite.yaml";
        YamlFile* file = open(path);
        if (!file) {
            m_diags.error("R004", {shown(folder), 0, 0}, "collectivite.yaml",
                          "un dossier de collectivité a son fichier collectivite.yaml (nom, territoire, dates de validité)");
            return -1;
        }
        MapReader m(*file, file->root, m_diags, "");
        if (!m.valid()) return -1;
        LocalPack pack;
        pack.where = m.where();
        pack.id = id_of(m.text("id", true).value_or(""));
        pack.name = m.text("nom", true).value_or("");
        if (YamlNode t = m.get("territoire"); t.IsDefined()) {
            MapReader tm(*file, t, m_diags, "territoire");
            if (tm.valid()) {
                pack.communes = tm.text_list("communes");
                pack.departments = tm.text_list("departements");
                tm.finish();
            }
        }
        if (pack.communes.empty() && pack.departments.empty())
            m_diags.error("R004", m.where(), "territoire", "le territoire liste ses communes (codes INSEE) ou ses départements");
        pack.valid_from = m.has("valide_du") ? date(*file, m.get("valide_du"), "valide_du") : std::nullopt;
        pack.valid_until = m.has("valide_jusqu_au") ? date(*file, m.get("valide_jusqu_au"), "valide_jusqu_au") : std::nullopt;
        if (!m.has("valide_jusqu_au")) m_diags.error("R004", m.where(), "valide_jusqu_au", "un paquet local dit jusqu'à quand il vaut (valide_jusqu_au)");
        pack.checked_on = m.has("verifie_le") ? date(*file, m.get("verifie_le"), "vérifié_le") : std::nullopt;
        if (YamlNode o = m.get("accueil"); o.IsDefined()) pack.office = contact(*file, o, "accueil");
        m.get("valide_du");
        m.get("valide_jusqu_au");
        m.get("verifie_le");
        m.finish();
        if (auto why = out_of_force(pack.valid_from, pack.valid_until)) {
            YamlNode date_node = file->root[why->field];
            m_diags.warning("R032", date_node.IsDefined() ? location_of(*file, date_node) : pack.where, why->field,
                            fmt::format("paquet local « {} » refusé : {} ; ses aides ne sont pas proposées (mettez le paquet à jour)", pack.name, why->why));
            return -1;
        }
        m_rules.local_packs.push_back(std::move(pack));
        return static_cast<int>(m_rules.local_packs.size() - 1);
    }

    Aid::Contact contact(const YamlFile& file, const YamlNode& node, const std::string& field) {
        Aid::Contact out;
        MapReader c(file, node, m_diags, field);
        if (c.valid()) {
            out = {c.text("service").value_or(""), c.text("telephone").value_or(""), c.text("email").value_or(""),
                   c.text("adresse").value_or(""), c.text("horaires").value_or("")};
            c.finish();
        }
        return out;
    }

    /// An aid of a local pack: read unless it is out of force today or the site did not choose it; either
    /// way it is listed in its pack (for a visitor who lives there). Returns whether it was read.
    bool read_local_aid(YamlFile& file, int pack) {
        std::string id = id_of(scalar_or_empty(file.root["id"]));
        std::string name = scalar_or_empty(file.root["nom"]);
        auto& offers = m_rules.local_packs[static_cast<std::size_t>(pack)].aids;
        auto when = [&](const char* key) -> std::optional<Date> {
            YamlNode n = file.root[key];
            return n.IsScalar() ? Date::parse(n.Scalar()) : std::nullopt;
        };
        if (auto why = out_of_force(when("valide_du"), when("valide_jusqu_au"))) {
            YamlNode date_node = file.root[why->field];
            m_diags.warning("R032", location_of(file, date_node.IsDefined() ? date_node : file.root), why->field,
                            fmt::format("aide locale « {} » refusée : {} ; elle n'est pas proposée (mettez-la à jour)", id, why->why));
            return false;
        }
        if (m_local.aids && std::find(m_local.aids->begin(), m_local.aids->end(), id) == m_local.aids->end()) {
            offers.push_back({id, name, false});
            return false;
        }
        std::size_t before = m_rules.aids.size();
        read_aid(file);
        if (m_rules.aids.size() == before) return false;
        Aid& a = m_rules.aids.back();
        a.local_pack = pack;
        if (!a.checked_on) m_diags.error("R004", a.where, "vérifié_le", "une aide locale dit quand son texte a été vérifié (vérifié_le: AAAA-MM-JJ)");
        offers.push_back({a.id, a.name, true});
        return true;
    }
    std::uint64_t m_hash = 1469598103934665603ULL;
    std::vector<std::unique_ptr<YamlFile>> m_files;  // kept alive: nodes refer to them while reading
    struct Parsed {
        std::optional<YamlFile> file;
        Diagnostics diags;
    };
    std::map<std::string, Parsed> m_parsed;  // parsed ahead, taken by open()
    SourceLocation m_key_location;                   // the line of the id being read (files of « id: … » entries)

    std::string shown(const fs::path& p) const {
        std::error_code ec;
        auto rel = fs::relative(p, fs::path(m_root), ec);
        return ec ? p.string() : (fs::path(m_root) / rel).lexically_normal().string();
    }

    /// Parses every YAML file of the folder on two threads before anything is read: parsing is most
    /// of the loading time, and files are independent. Reading then goes on in a fixed order.
    void parse_all_in_parallel() {
        std::vector<fs::path> paths;
        std::error_code ec;
        for (fs::recursive_directory_iterator it(m_root, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec) && (it->path().extension() == ".yaml" || it->path().extension() == ".yml") &&
                (m_options.tests || !is_test_file(it->path())))
                paths.push_back(it->path());
        std::sort(paths.begin(), paths.end());
        std::vector<Parsed> parsed(paths.size());
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            for (std::size_t k; (k = next++) < paths.size();) {
                parsed[k].file = read_yaml_file(paths[k].string(), shown(paths[k]), parsed[k].diags);
            }
        };
        std::thread helper(work);
        work();
        helper.join();
        for (std::size_t k = 0; k < paths.size(); ++k) m_parsed.emplace(paths[k].lexically_normal().string(), std::move(parsed[k]));
    }

    YamlFile* open(const fs::path& p) {
        std::error_code ec;
        if (!fs::exists(p, ec)) return nullptr;
        std::optional<YamlFile> f;
        if (auto it = m_parsed.find(p.lexically_normal().string()); it != m_parsed.end()) {
            m_diags.append(it->second.diags);
            f = std::move(it->second.file);
            m_parsed.erase(it);
        } else {
            f = read_yaml_file(p.string(), shown(p), m_diags);
        }
        if (!f) return nullptr;
        // The version printed on slips covers what decides results, not the tests. The path is hashed from
        // the rules' root: the same rules in another folder (an installed pack, a copy) are the same version.
        if (!is_test_file(p)) {
            std::error_code outside;
            std::string inside = fs::relative(p, fs::path(m_root), outside).generic_string();
            for (char c : (outside ? p.generic_string() : inside) + f->text) {
                m_hash ^= static_cast<unsigned char>(c);
                m_hash *= 1099511628211ULL;
            }
        }
        m_files.push_back(std::make_unique<YamlFile>(std::move(*f)));
        return m_files.back().get();
    }

    template <typename F>
    void each_entry(const fs::path& p, F&& f) {
        YamlFile* file = open(p);
        if (!file) return;
        if (file->root.IsNull()) return;
        if (!file->root.IsMap()) {
            m_diags.error("R010", location_of(*file, file->root), "", "ce fichier doit être une suite de « identifiant: … »");
            return;
        }
        for (auto it = file->root.begin(); it != file->root.end(); ++it) {
            std::string key = it->first.Scalar();
            m_key_location = location_of(*file, it->first);
            f(*file, key, it->second);
        }
    }

    // -- expressions ------------------------------------------------------------------------

    std::optional<Expression> expression(const YamlFile& file, const YamlNode& node, const std::string& field) {
        auto text = scalar_text(file, node, m_diags, field);
        if (!text) return std::nullopt;
        SourceLocation where = location_of(file, node);
        return expression_text(*text, where, field);
    }

    std::optional<Expression> expression_text(const std::string& text, SourceLocation where, const std::string& field) {
        if (text.empty()) {
            m_diags.error("R004", where, field, "expression vide");
            return std::nullopt;
        }
        Expression e;
        e.text = text;
        e.where = where;
        e.field = field;
        ParseError err;
        if (!parse_expression(text, m_rules, e.root, err)) {
            SourceLocation at = where;
            if (text.find('\n') == std::string::npos) at.column += static_cast<int>(err.offset);
            m_diags.error("R020", at, field, fmt::format("{} (dans « {} »)", err.message, text));
            return std::nullopt;
        }
        return e;
    }

    std::optional<Date> date(const YamlFile& file, const YamlNode& node, const std::string& field, bool allow_month = false) {
        auto text = scalar_text(file, node, m_diags, field);
        if (!text) return std::nullopt;
        auto d = Date::parse(*text, allow_month);
        if (!d) m_diags.error("R011", location_of(file, node), field, fmt::format("date illisible « {} » (attendu AAAA-MM-JJ)", *text));
        return d;
    }

    std::string id_of(const std::string& written) { return fold_name(written); }

    bool valid_id(const YamlFile& file, const YamlNode& where, const std::string& id, const std::string& field) {
        bool ok = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
        });
        if (!ok) m_diags.error("R010", location_of(file, where), field, fmt::format("identifiant invalide « {} » : lettres, chiffres, _ et . seulement", id));
        return ok;
    }

    // -- questions --------------------------------------------------------------------------

    void read_input(const YamlFile& file, const std::string& written, const YamlNode& node) {
        std::string id = id_of(written);
        if (!valid_id(file, node, id, written)) return;
        if (node.IsMap()) {
            std::string type = fold_name(scalar_or_empty(node["type"]));
            if (type == "qui" || type == "lesquels") return read_group(file, written, node, type == "qui" ? GroupKind::Who : GroupKind::Which);
        }
        MapReader m(file, node, m_diags, written);
        if (!m.valid()) return;
        Input in;
        in.id = id;
        in.where = m_key_location;
        auto dot = id.find('.');
        if (dot == std::string::npos) {
            m_diags.error("R010", in.where, written, "l'identifiant d'une question commence par personne., foyer. ou logement.");
            return;
        }
        in.group = id.substr(0, dot);
        in.name = id.substr(dot + 1);
        if (in.group == "personne") in.entity = Entity::Person;
        else if (in.group != "foyer" && in.group != "logement") {
            m_diags.error("R010", in.where, written, "l'identifiant d'une question commence par personne., foyer. ou logement.");
            return;
        }
        in.question = m.text("question", true).value_or("");
        in.question_other = m.text("question_autre").value_or("");
        if (in.entity == Entity::Person && in.question_other.empty())
            m_diags.error("R004", in.where, m.field("question_autre"), "une question sur une personne dit aussi comment la poser pour un proche (« … de {personne} ? »)");
        in.help = m.text("aide").value_or("");
        in.chapter = m.text("chapitre").value_or("");
        auto type = fold_name(m.text("type", true).value_or(""));
        if (type == "oui/non" || type == "oui_non" || type == "booleen") {
            in.input_type = InputType::YesNo;
            in.type = {Kind::Bool};
        } else if (type == "date") {
            in.input_type = InputType::Date;
            in.type = {Kind::Date};
        } else if (type == "montant") {
            in.input_type = InputType::Amount;
            in.type = {Kind::Number, Unit::Euro};
        } else if (type == "entier") {
            in.input_type = InputType::Integer;
            in.type = {Kind::Number, Unit::None};
        } else if (type == "texte") {
            in.input_type = InputType::Text;
            in.type = {Kind::Text};
        } else if (type == "choix") {
            in.input_type = InputType::Choice;
            Enumeration e;
            e.name = id;
            YamlNode choices = m.get("choix");
            if (!choices.IsMap() || choices.size() == 0) {
                m_diags.error("R004", m.where("choix"), m.field("choix"), "une question à choix liste ses réponses sous « choix: » (valeur: libellé)");
            } else {
                for (auto it = choices.begin(); it != choices.end(); ++it) {
                    e.values.push_back(id_of(it->first.Scalar()));
                    e.labels.push_back(scalar_text(file, it->second, m_diags, m.field("choix")).value_or(""));
                }
            }
            m_rules.enumerations.push_back(std::move(e));
            in.type = {Kind::Enum, Unit::None, static_cast<int>(m_rules.enumerations.size() - 1)};
        } else if (!type.empty()) {
            m_diags.error("R010", m.where("type"), m.field("type"), fmt::format("type inconnu « {} » (oui/non, date, montant, entier, choix, texte)", type));
        }
        if (in.input_type != InputType::Choice) m.get("choix");
        if (auto v = m.text("je_ne_sais_pas")) in.dont_know_allowed = fold_name(*v) == "oui";
        if (auto v = m.text("cout")) in.cost = std::clamp(static_cast<int>(parse_quantity(*v).value_or(Quantity{}).value.to_int()), 1, 5);
        if (auto v = m.text("ordre")) in.order = static_cast<int>(parse_quantity(*v).value_or(Quantity{}).value.to_int());
        if (m.has("par_defaut")) in.default_value = expression(file, m.get("par_defaut"), m.field("par_défaut"));
        else m.get("par_defaut");
        if (m.has("par_defaut_si")) {
            in.default_condition = expression(file, m.get("par_defaut_si"), m.field("par_défaut_si"));
            if (!in.default_value) m_diags.error("R004", m.where("par_defaut_si"), m.field("par_défaut_si"), "par_défaut_si sans par_défaut : quelle valeur supposer ?");
        } else {
            m.get("par_defaut_si");
        }
        in.default_note = m.text("hypothese").value_or("");
        if (auto v = m.text("min")) in.minimum = parse_quantity(*v).value_or(Quantity{}).value;
        if (auto v = m.text("max")) in.maximum = parse_quantity(*v).value_or(Quantity{}).value;
        m.finish();
        if (m_rules.input_index.contains(id)) {
            m_diags.error("R005", in.where, written, "question déjà déclarée");
            return;
        }
        m_rules.input_index[id] = static_cast<int>(m_rules.inputs.size());
        m_rules.inputs.push_back(std::move(in));
    }

    // -- questions that settle several answers (« Qui ? », « Lesquels ? ») ----------------------

    /// An answer a group settles, named in the file: resolved once every question is read (it may be
    /// declared in another file).
    struct PendingAnswer {
        int group = -1;
        std::size_t option = 0;
        std::string written;
        SourceLocation where;
        std::string field;
    };
    std::vector<PendingAnswer> m_pending_answers;

    void read_group(const YamlFile& file, const std::string& written, const YamlNode& node, GroupKind kind) {
        std::string id = id_of(written);
        MapReader m(file, node, m_diags, written);
        if (!m.valid()) return;
        QuestionGroup g;
        g.id = id;
        g.kind = kind;
        g.where = m_key_location;
        m.text("type");
        // « Qui ? » is asked once of the household; « Lesquels ? » of each person, like a personne. question.
        const std::string expected = kind == GroupKind::Who ? "foyer." : "personne.";
        if (!id.starts_with(expected))
            m_diags.error("R010", g.where, written,
                          fmt::format("l'identifiant d'une question « {} » commence par {}", kind == GroupKind::Who ? "qui" : "lesquels", expected));
        g.question = m.text("question", true).value_or("");
        g.question_other = m.text("question_autre", kind == GroupKind::Which).value_or("");
        g.help = m.text("aide").value_or("");
        g.chapter = m.text("chapitre").value_or("");
        g.none_label = m.text("aucun", true).value_or("");
        if (auto v = m.text("cout")) g.cost = std::clamp(static_cast<int>(parse_quantity(*v).value_or(Quantity{}).value.to_int()), 1, 5);
        if (auto v = m.text("ordre")) g.order = static_cast<int>(parse_quantity(*v).value_or(Quantity{}).value.to_int());
        int index = static_cast<int>(m_rules.groups.size());
        if (m.has("parmi")) read_among(file, m.get("parmi"), m.field("parmi"), g);
        YamlNode answers = m.get("reponses");
        const std::string field = m.field("réponses");
        if (!answers.IsDefined()) {
            m_diags.error("R004", g.where, field, "une question « qui » ou « lesquels » liste les réponses qu'elle règle sous « réponses: »");
        } else if (kind == GroupKind::Who && answers.IsSequence()) {
            // « Qui ? »: the answers each person ticked settles (a list of personne. questions).
            for (std::size_t k = 0; k < answers.size(); ++k) {
                g.options.push_back({});
                m_pending_answers.push_back({index, k, scalar_or_empty(answers[k]), location_of(file, answers[k]), fmt::format("{}[{}]", field, k + 1)});
            }
        } else if (answers.IsMap()) {
            // « Lesquels ? »: one toggle per answer, with its label. « Qui ? »: a grid, one row per answer
            // under its label, which may name its own `parmi` (libellé:, parmi:).
            g.grid = kind == GroupKind::Who;
            std::size_t k = 0;
            for (auto it = answers.begin(); it != answers.end(); ++it, ++k) {
                const std::string option_field = field + "." + it->first.Scalar();
                g.options.push_back(kind == GroupKind::Who && it->second.IsMap() ? read_grid_row(file, it->second, option_field)
                                                                                 : GroupOption{-1, scalar_text(file, it->second, m_diags, option_field).value_or(""), {}});
                m_pending_answers.push_back({index, k, it->first.Scalar(), location_of(file, it->first), option_field});
            }
            if (k < 2) m_diags.error("R026", location_of(file, answers), field, "une question « qui » ou « lesquels » à cases libellées propose au moins deux réponses");
        } else {
            m_diags.error("R010", location_of(file, answers), field,
                          kind == GroupKind::Who ? "sous « réponses: », une liste de questions personne. (- personne.handicap)"
                                                 : "sous « réponses: », une question personne. par ligne avec le libellé de sa case (personne.salaire_net: Un salaire)");
        }
        m.finish();
        if (m_rules.group_index.contains(id) || m_rules.input_index.contains(id)) {
            m_diags.error("R005", g.where, written, "question déjà déclarée");
            return;
        }
        m_rules.group_index[id] = index;
        m_rules.groups.push_back(std::move(g));
    }

    /// A row of a « Qui ? » grid written as a map: its label and, if it differs from the group's, its `parmi`.
    GroupOption read_grid_row(const YamlFile& file, const YamlNode& node, const std::string& field) {
        MapReader m(file, node, m_diags, field);
        GroupOption o{-1, m.text("libelle", true).value_or(""), {}};
        if (auto among = m.text("parmi")) o.among = collection_named(*among, location_of(file, m.get("parmi")), m.field("parmi"));
        m.finish();
        return o;
    }

    std::optional<Collection> collection_named(const std::string& written, const SourceLocation& where, const std::string& field) {
        std::string folded = fold_name(written);
        if (folded == "adultes") return Collection::Adults;
        if (folded == "enfants") return Collection::Children;
        if (folded == "personnes") return Collection::Persons;
        m_diags.error("R010", where, field, fmt::format("« {} » : adultes, enfants ou personnes", written));
        return std::nullopt;
    }

    /// `parmi: adultes`, `enfants`, `personnes`, or one of them followed by `où <condition>` on `personne.`
    /// (compiled to a personne. rule of its own, so that the checker reads it like any other).
    void read_among(const YamlFile& file, const YamlNode& node, const std::string& field, QuestionGroup& g) {
        auto text = scalar_text(file, node, m_diags, field);
        if (!text) return;
        std::string collection = *text, condition;
        if (auto at = text->find(" où "); at != std::string::npos) {
            collection = text->substr(0, at);
            condition = text->substr(at + std::string_view(" où ").size());
        }
        std::string folded = fold_name(collection);
        if (folded == "adultes") g.among = Collection::Adults;
        else if (folded == "enfants") g.among = Collection::Children;
        else if (folded == "personnes") g.among = Collection::Persons;
        else m_diags.error("R010", location_of(file, node), field, fmt::format("« {} » : adultes, enfants ou personnes, suivi si besoin de « où <condition> »", collection));
        if (condition.empty()) return;
        SourceLocation where = location_of(file, node);
        auto e = expression_text(condition, where, field);
        if (!e) return;
        Rule r;
        r.id = "personne." + g.id.substr(g.id.find('.') + 1) + "_parmi";
        r.ns = "personne";
        r.entity = Entity::Person;
        r.role = RuleRole::Definition;
        r.label = fmt::format("Personnes à qui « {} » s'adresse", g.id);
        r.where = where;
        r.versions.push_back({Date{}, *e});
        g.among_rule = add_rule(std::move(r), file, node, field);
    }

    /// Each answer a group settles is a personne. question that a tick can settle: yes/no (ticked: yes,
    /// not ticked: no), an amount or a count (not ticked: 0; ticked: asked next).
    void resolve_group_answers() {
        for (const PendingAnswer& p : m_pending_answers) {
            QuestionGroup& g = m_rules.groups[static_cast<std::size_t>(p.group)];
            auto it = m_rules.input_index.find(id_of(p.written));
            if (it == m_rules.input_index.end()) {
                m_diags.error("R021", p.where, p.field, fmt::format("question inconnue « {} »", p.written));
                continue;
            }
            const Input& in = m_rules.inputs[static_cast<std::size_t>(it->second)];
            // A « lesquels » may also settle a foyer. yes/no answer (asked once, of the first person it
            // is put to); a « qui » settles each person's own answers only.
            const bool household_yes_no = (g.kind == GroupKind::Which || g.grid) && in.input_type == InputType::YesNo;
            if (in.entity != Entity::Person && !household_yes_no)
                m_diags.error("R026", p.where, p.field,
                              g.kind == GroupKind::Who
                                  ? fmt::format("« {} » n'est pas une question personne. : une case cochée règle la réponse d'une personne", p.written)
                                  : fmt::format("« {} » n'est pas une question personne. : une case règle la réponse d'une personne, ou une question foyer. oui/non", p.written));
            else if (in.input_type != InputType::YesNo && in.input_type != InputType::Amount && in.input_type != InputType::Integer)
                m_diags.error("R026", p.where, p.field,
                              fmt::format("« {} » : une case ne règle qu'une question oui/non, montant ou entier (non coché : non, 0)", p.written));
            for (const GroupOption& o : g.options)
                if (o.input == it->second) m_diags.error("R005", p.where, p.field, fmt::format("« {} » est déjà dans cette question", p.written));
            g.options[p.option].input = it->second;
        }
        m_pending_answers.clear();
    }

    // -- parameters -------------------------------------------------------------------------

    std::optional<Quantity> quantity(const YamlFile& file, const YamlNode& node, const std::string& field) {
        auto text = scalar_text(file, node, m_diags, field);
        if (!text) return std::nullopt;
        auto q = parse_quantity(*text);
        if (!q) m_diags.error("R010", location_of(file, node), field, fmt::format("valeur illisible « {} » (exemples : 646,52 €, 16,5 %, 25 ans)", *text));
        return q;
    }

    void check_unit(Parameter& p, Unit u, const SourceLocation& where, const std::string& field, bool& unit_set) {
        Unit a = p.unit == Unit::Percent ? Unit::None : p.unit, b = u == Unit::Percent ? Unit::None : u;
        if (!unit_set) {
            p.unit = u;
            unit_set = true;
        } else if (a != b) {
            m_diags.error("R023", where, field, fmt::format("unité « {} » différente de celle des autres valeurs (« {} »)", unit_symbol(u), unit_symbol(p.unit)));
        }
    }

    bool read_table_entries(const YamlFile& file, const YamlNode& node, std::vector<TableEntry>& out, Parameter& p,
                            bool& unit_set, const std::string& field, int depth) {
        if (depth > 4) {
            m_diags.error("R010", location_of(file, node), field, "tableau trop imbriqué (4 niveaux au plus)");
            return false;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            TableEntry e;
            std::string k = it->first.Scalar();
            std::string kf = id_of(k);
            std::string sub = field + "." + k;
            // "3 et plus" covers 3, 4, 5…
            if (kf.ends_with("_et_plus")) {
                e.key.and_more = true;
                kf = kf.substr(0, kf.size() - 8);
            }
            if (!kf.empty() && std::all_of(kf.begin(), kf.end(), [](char c) { return c >= '0' && c <= '9'; }))
                e.key.count = std::stoi(kf.substr(0, 6));
            else if (e.key.and_more)
                m_diags.error("R010", location_of(file, it->first), sub, "« et plus » ne suit qu'un nombre (« 3 et plus »)");
            e.key.name = kf;
            if (it->second.IsMap()) {
                if (!read_table_entries(file, it->second, e.children, p, unit_set, sub, depth + 1)) return false;
            } else {
                auto q = quantity(file, it->second, sub);
                if (!q) return false;
                check_unit(p, q->unit, location_of(file, it->second), sub, unit_set);
                e.number = q->value;
            }
            out.push_back(std::move(e));
        }
        return true;
    }

    void read_brackets(const YamlFile& file, const YamlNode& node, ParamValue& v, Parameter& p, bool& unit_set,
                       bool& base_set, const std::string& field) {
        Decimal previous;
        bool first = true;
        for (const auto& item : node) {
            MapReader b(file, item, m_diags, field);
            if (!b.valid()) continue;
            std::string value_key = p.shape == ParamShape::Grid ? "montant" : "taux";
            // Quantities read into plain values: GCC 12 warns falsely about optionals here.
            Quantity seuil_q, value_q;
            bool seuil_ok = false, value_ok = false;
            if (b.has("seuil")) if (auto q = quantity(file, b.get("seuil"), b.field("seuil"))) seuil_q = *q, seuil_ok = true;
            if (b.has(value_key)) if (auto q = quantity(file, b.get(value_key), b.field(value_key))) value_q = *q, value_ok = true;
            const Quantity* seuil = seuil_ok ? &seuil_q : nullptr;
            const Quantity* value = value_ok ? &value_q : nullptr;
            if (!b.has("seuil") || !b.has(value_key)) {
                m_diags.error("R004", b.where(), field, fmt::format("chaque tranche a « seuil » et « {} »", value_key));
                b.get("seuil");
                b.get(value_key);
            }
            b.finish();
            if (!seuil || !value) continue;
            if (!first && seuil->value <= previous)
                m_diags.error("R010", b.where(), field, "les seuils des tranches doivent croître");
            first = false;
            previous = seuil->value;
            if (!base_set) {
                p.base_unit = seuil->unit;
                base_set = true;
            }
            check_unit(p, value->unit, b.where(), field, unit_set);
            v.brackets.push_back({seuil->value, value->value});
        }
    }

    void read_parameter(const YamlFile& file, const std::string& written, const YamlNode& node) {
        std::string id = id_of(written);
        if (!valid_id(file, node, id, written)) return;
        MapReader m(file, node, m_diags, written);
        if (!m.valid()) return;
        Parameter p;
        p.id = id;
        p.where = m_key_location;
        p.label = m.text("libelle", true).value_or("");
        p.references = m.text_list("references");
        p.notes = m.text("notes").value_or("");
        if (auto f = m.text("forme")) {
            auto shape = fold_name(*f);
            if (shape == "scalaire") p.shape = ParamShape::Scalar;
            else if (shape == "tableau") p.shape = ParamShape::Table;
            else if (shape == "bareme") p.shape = ParamShape::Scale;
            else if (shape == "grille") p.shape = ParamShape::Grid;
            else m_diags.error("R010", m.where("forme"), m.field("forme"), "forme inconnue (scalaire, tableau, barème, grille)");
        }
        if (auto r = m.text("revalorisation")) read_revaluation(*r, p, m.where("revalorisation"), m.field("revalorisation"));
        else m_diags.error("R004", p.where, m.field("revalorisation"), "dites quand la valeur est revue (« 1er avril », « 1er janvier », « aucune »…)");
        if (m.has("verifie_le")) p.verified_on = date(file, m.get("verifie_le"), m.field("vérifié_le"));
        bool unit_set = false, base_set = false;
        if (auto u = m.text("unite")) {
            auto q = parse_quantity("1 " + *u);
            if (fold_name(*u) == "nombre") p.unit = Unit::None;
            else if (q) p.unit = q->unit;
            else m_diags.error("R010", m.where("unite"), m.field("unité"), "unité inconnue (€, %, ans, mois, jours, nombre)");
            unit_set = true;
        }
        YamlNode values = m.get("valeurs");
        if (!values.IsMap() || values.size() == 0) {
            m_diags.error("R004", m.where("valeurs"), m.field("valeurs"), "au moins une valeur datée est attendue sous « valeurs: »");
        } else {
            for (auto it = values.begin(); it != values.end(); ++it) {
                std::string field = m.field("valeurs") + "." + it->first.Scalar();
                auto from = date(file, it->first, field);
                if (!from) continue;
                ParamValue v;
                v.from = *from;
                v.where = location_of(file, it->second);
                YamlNode body = it->second;
                if (body.IsMap() && MapReader(file, body, m_diags, field).has("valeur")) {
                    MapReader lv(file, body, m_diags, field);
                    v.source = lv.text("source").value_or("");
                    v.link = lv.text("lien").value_or("");
                    lv.text("jo");
                    lv.text("note");
                    body = lv.get("valeur");
                    lv.finish();
                }
                if (body.IsScalar() && fold_name(body.Scalar()) == "fin") {
                    v.ends = true;
                } else if (p.shape == ParamShape::Scale || p.shape == ParamShape::Grid) {
                    if (!body.IsSequence()) m_diags.error("R010", v.where, field, "un barème est une liste de tranches (« - seuil: … »)");
                    else read_brackets(file, body, v, p, unit_set, base_set, field);
                } else if (body.IsMap()) {
                    if (p.shape == ParamShape::Scalar) p.shape = ParamShape::Table;
                    read_table_entries(file, body, v.table, p, unit_set, field, 0);
                } else if (p.shape == ParamShape::Table) {
                    m_diags.error("R010", v.where, field, "un tableau attend des clés (« 1: 12 % »)");
                } else {
                    auto q = quantity(file, body, field);
                    if (!q) continue;
                    check_unit(p, q->unit, v.where, field, unit_set);
                    v.scalar = q->value;
                }
                p.values.push_back(std::move(v));
            }
        }
        m.finish();
        std::sort(p.values.begin(), p.values.end(), [](const ParamValue& a, const ParamValue& b) { return a.from < b.from; });
        if (m_rules.parameter_index.contains(id)) {
            m_diags.error("R005", p.where, written, "paramètre déjà déclaré");
            return;
        }
        m_rules.parameter_index[id] = static_cast<int>(m_rules.parameters.size());
        m_rules.parameters.push_back(std::move(p));
    }

    void read_revaluation(const std::string& text, Parameter& p, const SourceLocation& where, const std::string& field) {
        std::string t = fold_name(text);
        if (t == "aucune") return;
        std::stringstream ss(t);
        std::string part;
        while (std::getline(ss, part, ',')) {
            while (!part.empty() && part.front() == '_') part.erase(part.begin());
            // "1er_avril", "1er_octobre", "15_mars"
            std::size_t sep = part.find('_');
            int day = 0, month = 0;
            if (sep != std::string::npos) {
                std::string d = part.substr(0, sep), mname = part.substr(sep + 1);
                if (d.ends_with("er")) d.resize(d.size() - 2);
                if (!d.empty() && std::all_of(d.begin(), d.end(), ::isdigit)) day = std::stoi(d.substr(0, 2));
                for (int k = 1; k <= 12; ++k)
                    if (fold_name(french_month_name(k)) == mname) month = k;
            }
            if (day < 1 || day > 28 || month == 0) {
                m_diags.error("R010", where, field, fmt::format("date de revalorisation illisible « {} » (exemple : 1er avril)", text));
                return;
            }
            p.revaluations.emplace_back(month, day);
        }
    }

    // -- computed rules ---------------------------------------------------------------------

    /// Reads one rule (a definition, a step, a condition). `ns` is the aid id, or "" for shared definitions.
    int read_definition(const YamlFile& file, const std::string& written, const YamlNode& node, const std::string& ns,
                        RuleRole role, int aid) {
        std::string local = id_of(written);
        std::string id = ns.empty() ? local : ns + "." + local;
        if (!valid_id(file, node, id, written)) return -1;
        Rule r;
        r.id = id;
        r.role = role;
        r.aid = aid;
        r.where = ns.empty() ? m_key_location : location_of(file, node);
        if (ns.empty()) {
            auto dot = id.find('.');
            if (dot == std::string::npos) {
                m_diags.error("R010", r.where, written, "une définition partagée s'écrit groupe.nom (personne.age, foyer.ressources…)");
                return -1;
            }
            r.ns = id.substr(0, dot);
        } else {
            r.ns = ns;
        }
        if (r.ns == "personne") r.entity = Entity::Person;
        std::string context = ns.empty() ? written : ns + "." + written;
        if (node.IsScalar()) {
            auto e = expression(file, node, context);
            if (!e) return -1;
            r.versions.push_back({Date{}, *e});
            return add_rule(std::move(r), file, node, written);
        }
        MapReader m(file, node, m_diags, context);
        if (!m.valid()) return -1;
        if (role == RuleRole::Step || role == RuleRole::Condition) m.get("id");
        read_rule_body(file, m, r);
        m.finish();
        return add_rule(std::move(r), file, node, written);
    }

    int add_rule(Rule r, const YamlFile& file, const YamlNode& node, const std::string& written) {
        if (m_rules.rule_index.contains(r.id)) {
            m_diags.error("R005", r.where.line > 0 ? r.where : location_of(file, node), written, fmt::format("« {} » est déjà défini", r.id));
            return -1;
        }
        int index = static_cast<int>(m_rules.rules.size());
        m_rules.rule_index[r.id] = index;
        m_rules.rules.push_back(std::move(r));
        return index;
    }

    std::optional<Expression> cases(const YamlFile& file, const YamlNode& node, const std::string& field) {
        // cas: first true `si` wins; `sinon` closes the list. Compiled to nested si … alors … sinon.
        if (!node.IsSequence() || node.size() == 0) {
            m_diags.error("R010", location_of(file, node), field, "« cas » est une liste de « - si: … alors: … » finie par « - sinon: … »");
            return std::nullopt;
        }
        std::string text;
        int open = 0;
        bool closed = false;
        for (std::size_t k = 0; k < node.size(); ++k) {
            MapReader c(file, node[k], m_diags, fmt::format("{}[{}]", field, k + 1));
            if (!c.valid()) return std::nullopt;
            if (c.has("sinon")) {
                if (k + 1 != node.size()) m_diags.error("R010", c.where(), c.field("sinon"), "« sinon » doit être le dernier cas");
                auto v = c.text("sinon", true);
                c.finish();
                if (!v) return std::nullopt;
                text += "(" + *v + ")";
                closed = true;
                break;
            }
            auto cond = c.text("si", true);
            auto value = c.text("alors", true);
            c.text("note");
            c.finish();
            if (!cond || !value) return std::nullopt;
            text += "si (" + *cond + ") alors (" + *value + ") sinon (";
            ++open;
        }
        if (!closed) {
            m_diags.error("R004", location_of(file, node), field, "le dernier cas doit être « - sinon: … »");
            return std::nullopt;
        }
        text += std::string(static_cast<std::size_t>(open), ')');
        return expression_text(text, location_of(file, node), field);
    }

    void read_rule_body(const YamlFile& file, MapReader& m, Rule& r) {
        r.label = m.text("libelle").value_or("");
        r.note = m.text("note").value_or("");
        m.text_list("references");
        if (r.role == RuleRole::Condition) {
            r.failure_reason = m.text("si_non", true).value_or("");
            // A case the kiosk cannot compute (a scale it does not have) sends the aid to an agent rather than refusing it.
            if (auto outcome = m.text("si_non_statut")) {
                std::string folded = fold_name(*outcome);
                if (folded == "a_verifier") r.failure_to_check = true;
                else if (folded != "non_eligible")
                    m_diags.error("R010", m.where("si_non_statut"), m.field("si_non_statut"), "« non_éligible » (par défaut) ou « à_vérifier »");
            }
        }
        auto body_at = [&](MapReader& reader) -> std::optional<Expression> {
            bool has_formula = reader.has("formule"), has_cases = reader.has("cas");
            if (has_formula == has_cases) {
                reader.get("formule");
                reader.get("cas");
                m_diags.error("R004", reader.where(), reader.field("formule"), "écrivez soit « formule: », soit « cas: »");
                return std::nullopt;
            }
            if (has_formula) return expression(file, reader.get("formule"), reader.field("formule"));
            return cases(file, reader.get("cas"), reader.field("cas"));
        };
        if (m.has("versions")) {
            YamlNode versions = m.get("versions");
            if (!versions.IsSequence()) {
                m_diags.error("R010", m.where("versions"), m.field("versions"), "« versions » est une liste");
            } else {
                for (std::size_t k = 0; k < versions.size(); ++k) {
                    MapReader v(file, versions[k], m_diags, fmt::format("{}[{}]", m.field("versions"), k + 1));
                    if (!v.valid()) continue;
                    Date from;
                    if (v.has("a_partir_du")) from = date(file, v.get("a_partir_du"), v.field("à_partir_du")).value_or(Date{});
                    else m_diags.error("R004", v.where(), v.field("à_partir_du"), "chaque version a sa date « à_partir_du »");
                    v.text("note");
                    v.text("transitoire");
                    if (auto e = body_at(v)) r.versions.push_back({from, *e});
                    v.finish();
                }
                std::sort(r.versions.begin(), r.versions.end(), [](const RuleVersion& a, const RuleVersion& b) { return a.from < b.from; });
            }
        } else if (auto e = body_at(m)) {
            r.versions.push_back({Date{}, *e});
        }
        if (auto a = m.text("arrondi")) read_rounding(*a, r, m.where("arrondi"), m.field("arrondi"));
        if (m.has("valeurs")) {
            Enumeration e;
            e.name = r.id;
            YamlNode vals = m.get("valeurs");
            if (vals.IsMap()) {
                for (auto it = vals.begin(); it != vals.end(); ++it) {
                    e.values.push_back(id_of(it->first.Scalar()));
                    e.labels.push_back(scalar_text(file, it->second, m_diags, m.field("valeurs")).value_or(""));
                }
            } else {
                for (const auto& v : m.text_list("valeurs")) {
                    e.values.push_back(id_of(v));
                    e.labels.push_back(v);
                }
            }
            m_rules.enumerations.push_back(std::move(e));
            r.enumeration = static_cast<int>(m_rules.enumerations.size() - 1);
        }
        if (auto t = m.text("explication")) read_template(*t, r, m.where("explication"), m.field("explication"));
    }

    void read_rounding(const std::string& text, Rule& r, const SourceLocation& where, const std::string& field) {
        std::string t = fold_name(text);
        Rounding mode = Rounding::Nearest;
        auto strip = [&](std::string_view suffix, Rounding m) {
            if (t.ends_with(suffix)) {
                t.resize(t.size() - suffix.size());
                mode = m;
            }
        };
        strip("_inferieur", Rounding::Down);
        strip("_superieur", Rounding::Up);
        strip("_proche", Rounding::Nearest);
        if (t == "centime") r.round_step = Decimal::from_cents(1);
        else if (t == "euro") r.round_step = Decimal::from_int(1);
        else if (auto q = parse_quantity(text.substr(0, text.find_last_of("0123456789") + 1)); q && q->value > Decimal{}) r.round_step = q->value;
        else m_diags.error("R010", where, field, "arrondi illisible (centime, euro, « 100 € supérieur », « euro inférieur »…)");
        r.rounding = mode;
    }

    void read_template(const std::string& text, Rule& r, const SourceLocation& where, const std::string& field) {
        // "Montant de base pour {personnes} personnes : {montant_forfaitaire}"
        r.explanation.text = text;
        r.explanation.where = where;
        std::string literal;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '{') {
                literal += text[i];
                continue;
            }
            std::size_t close = text.find('}', i);
            if (close == std::string::npos) {
                m_diags.error("R020", where, field, "accolade « { » non refermée dans l'explication");
                return;
            }
            auto e = expression_text(text.substr(i + 1, close - i - 1), where, field);
            if (!e) return;
            r.explanation_text.push_back(literal);
            r.explanation_parts.push_back(*e);
            literal.clear();
            i = close;
        }
        r.explanation_text.push_back(literal);
    }

    // -- aids -------------------------------------------------------------------------------

    void read_aid(YamlFile& file) {
        MapReader m(file, file.root, m_diags, "");
        if (!m.valid()) return;
        Aid a;
        a.where = m.where();
        a.id = id_of(m.text("id", true).value_or(""));
        if (a.id.empty() || !valid_id(file, m.get("id"), a.id, "id")) return;
        if (a.id.find('.') != std::string::npos) {
            m_diags.error("R010", m.where("id"), "id", "l'identifiant d'une aide ne contient pas de point");
            return;
        }
        if (m_rules.aid_index.contains(a.id)) {
            m_diags.error("R005", m.where("id"), "id", fmt::format("aide « {} » déjà déclarée", a.id));
            return;
        }
        int aid = static_cast<int>(m_rules.aids.size());
        m_rules.aid_index[a.id] = aid;
        a.name = m.text("nom", true).value_or("");
        a.short_name = m.text("sigle").value_or(a.name);
        a.organisation_id = id_of(m.text("organisme", true).value_or(""));
        a.references = m.text_list("references");
        a.description = m.text("description").value_or("");
        a.summary = m.text("resume").value_or("");
        a.life_events_where = m.where("moments_de_vie");
        a.life_events = m.text_list("moments_de_vie");
        for (auto& e : a.life_events) e = id_of(e);
        a.next_steps = m.text_list("ensuite");
        // ensuite_datées: the numbers (from 1) of the steps that have a date or a deadline, the ones a
        // receipt keeps (the A4 and the screen print them all).
        for (const auto& n : m.text_list("ensuite_datees")) {
            int k = std::atoi(n.c_str());
            if (k < 1 || k > static_cast<int>(a.next_steps.size()) || std::to_string(k) != n)
                m_diags.error("R010", m.where("ensuite_datees"), "ensuite_datées", fmt::format("« {} » n'est pas le numéro d'une étape de « ensuite » (1 à {})", n, a.next_steps.size()));
            else a.dated_steps.push_back(k - 1);
        }
        if (auto p = m.text("priorite")) a.priority = std::clamp(static_cast<int>(parse_quantity(*p).value_or(Quantity{}).value.to_int()), 1, 10);
        if (auto p = m.text("periodicite")) {
            auto t = fold_name(*p);
            if (t == "mensuelle") a.periodicity = Periodicity::Monthly;
            else if (t == "annuelle") a.periodicity = Periodicity::Yearly;
            else if (t == "unique") a.periodicity = Periodicity::Once;
            else m_diags.error("R010", m.where("periodicite"), "périodicité", "mensuelle, annuelle ou unique");
        }
        m.text("financeur");
        if (auto v = m.text("en_nature")) a.in_kind = fold_name(*v) == "oui";
        if (m.has("valide_du")) a.valid_from = date(file, m.get("valide_du"), "valide_du");
        if (m.has("valide_jusqu_au")) a.valid_until = date(file, m.get("valide_jusqu_au"), "valide_jusqu_au");
        m.get("valide_du");
        m.get("valide_jusqu_au");
        if (YamlNode c = m.get("contact"); c.IsDefined()) a.contact = contact(file, c, "contact");
        if (m.has("verifie_le")) a.checked_on = date(file, m.get("verifie_le"), "vérifié_le");
        m.get("verifie_le");
        m_rules.aids.push_back(a);  // rules below refer to it by index

        YamlNode defs = m.get("definitions");
        if (defs.IsMap()) {
            for (auto it = defs.begin(); it != defs.end(); ++it) {
                int r = read_definition(file, it->first.Scalar(), it->second, a.id, RuleRole::Definition, aid);
                if (r >= 0) a.definitions.push_back(r);
            }
        } else if (defs.IsDefined() && !defs.IsNull()) {
            m_diags.error("R010", m.where("definitions"), "définitions", "« définitions » est une suite de « nom: formule »");
        }
        YamlNode conds = m.get("conditions");
        if (conds.IsSequence()) {
            for (std::size_t k = 0; k < conds.size(); ++k) {
                std::string field = fmt::format("conditions[{}]", k + 1);
                if (!conds[k].IsMap()) {
                    m_diags.error("R010", location_of(file, conds[k]), field, "une condition a « id », « formule » et « si_non »");
                    continue;
                }
                auto cid = scalar_text(file, conds[k]["id"], m_diags, field + ".id").value_or("");
                if (cid.empty()) {
                    m_diags.error("R004", location_of(file, conds[k]), field + ".id", "chaque condition a un « id »");
                    continue;
                }
                int r = read_definition(file, "conditions." + cid, conds[k], a.id, RuleRole::Condition, aid);
                if (r >= 0) a.conditions.push_back(r);
            }
        } else if (conds.IsDefined() && !conds.IsNull()) {
            m_diags.error("R010", m.where("conditions"), "conditions", "« conditions » est une liste");
        }
        YamlNode amount = m.get("montant");
        if (!amount.IsDefined()) {
            m_diags.error("R004", a.where, "montant", "une aide dit comment se calcule son montant (« montant: étapes: … »)");
        } else {
            MapReader mm(file, amount, m_diags, "montant");
            if (mm.valid()) {
                YamlNode steps = mm.get("etapes");
                if (!steps.IsSequence() || steps.size() == 0) {
                    m_diags.error("R004", mm.where(), "montant.étapes", "au moins une étape ; la dernière donne le montant");
                } else {
                    for (std::size_t k = 0; k < steps.size(); ++k) {
                        std::string field = fmt::format("montant.étapes[{}]", k + 1);
                        if (!steps[k].IsMap()) {
                            m_diags.error("R010", location_of(file, steps[k]), field, "une étape a un « id » et une « formule »");
                            continue;
                        }
                        auto sid = scalar_text(file, steps[k]["id"], m_diags, field + ".id").value_or("");
                        if (sid.empty()) {
                            m_diags.error("R004", location_of(file, steps[k]), field + ".id", "chaque étape a un « id »");
                            continue;
                        }
                        int r = read_definition(file, sid, steps[k], a.id, RuleRole::Step, aid);
                        if (r >= 0) a.steps.push_back(r);
                    }
                }
                if (mm.has("seuil_de_versement")) a.payment_threshold = expression(file, mm.get("seuil_de_versement"), "montant.seuil_de_versement");
                mm.finish();
            }
        }
        YamlNode claim = m.get("demarche");
        if (claim.IsDefined()) {
            MapReader d(file, claim, m_diags, "démarche");
            if (d.valid()) {
                a.online_service = d.text("en_ligne").value_or("");
                a.form = d.text("formulaire").value_or("");
                a.how_to_claim = d.text("texte").value_or("");
                d.finish();
            }
        }
        YamlNode docs = m.get("pieces");
        if (docs.IsSequence()) {
            for (std::size_t k = 0; k < docs.size(); ++k) {
                DocumentRef ref;
                ref.where = location_of(file, docs[k]);
                std::string field = fmt::format("pièces[{}]", k + 1);
                if (docs[k].IsScalar()) {
                    ref.written_id = id_of(docs[k].Scalar());
                } else {
                    MapReader d(file, docs[k], m_diags, field);
                    if (!d.valid()) continue;
                    ref.written_id = id_of(d.text("piece", true).value_or(""));
                    if (d.has("si")) ref.condition = expression(file, d.get("si"), d.field("si"));
                    d.finish();
                }
                a.documents.push_back(std::move(ref));
            }
        }
        read_unchecked_notes(file, m.get("a_verifier"), a);
        m_rules.aids[static_cast<std::size_t>(aid)] = a;

        // Synthetic rules other rules may read: <aide>.eligible and <aide>.montant_verse.
        Rule eligible;
        eligible.id = a.id + ".eligible";
        eligible.ns = a.id;
        eligible.role = RuleRole::AidEligible;
        eligible.aid = aid;
        eligible.where = a.where;
        Rule paid = eligible;
        paid.id = a.id + ".montant_verse";
        paid.role = RuleRole::AidPaid;
        int e = add_rule(std::move(eligible), file, file.root, "id");
        int p = add_rule(std::move(paid), file, file.root, "id");
        m_rules.aids[static_cast<std::size_t>(aid)].eligible_rule = e;
        m_rules.aids[static_cast<std::size_t>(aid)].paid_rule = p;

        if (m.has("tests") && m_options.tests) read_tests(file, m.get("tests"), a.id);
        m.get("tests");
        m.finish();
    }

    void read_unchecked_notes(const YamlFile& file, const YamlNode& notes, Aid& a) {
        // à_vérifier: a plain sentence, or « - texte: … » with « si: <condition> » like a document's.
        if (!notes.IsDefined() || notes.IsNull()) return;
        if (!notes.IsSequence()) {
            m_diags.error("R010", location_of(file, notes), "à_vérifier", "« à_vérifier » est une liste de phrases ou de « - texte: … si: … »");
            return;
        }
        for (std::size_t k = 0; k < notes.size(); ++k) {
            UncheckedNote note;
            note.where = location_of(file, notes[k]);
            std::string field = fmt::format("à_vérifier[{}]", k + 1);
            bool sentence_cut = notes[k].IsMap() && notes[k].size() == 1 && notes[k].begin()->first.IsScalar() &&
                                notes[k].begin()->first.Scalar().find(' ') != std::string::npos;
            std::string name = std::to_string(k + 1);
            if (notes[k].IsScalar() || sentence_cut) {  // a sentence cut by « : » gets the usual advice
                note.text = scalar_text(file, notes[k], m_diags, field).value_or("");
            } else {
                MapReader n(file, notes[k], m_diags, field);
                if (!n.valid()) continue;
                note.text = n.text("texte", true).value_or("");
                if (auto given = n.text("id")) name = *given;
                bool conditional = n.has("si");
                if (conditional) note.condition = expression(file, n.get("si"), n.field("si"));
                n.finish();
                if (conditional && !note.condition) continue;  // reported above; the rule set is refused anyway
            }
            note.id = a.id + ".a_verifier." + name;
            if (std::any_of(a.unchecked_conditions.begin(), a.unchecked_conditions.end(), [&](const UncheckedNote& o) { return o.id == note.id; }))
                m_diags.error("R005", note.where, field + ".id", fmt::format("deux notes « à vérifier » de {} ont l'id « {} »", a.id, name));
            if (!note.text.empty()) a.unchecked_conditions.push_back(std::move(note));
        }
    }

    // -- documents and organisations --------------------------------------------------------

    void read_catalogue(YamlFile& file, bool documents) {
        if (!file.root.IsMap()) {
            m_diags.error("R010", location_of(file, file.root), "", "ce fichier est une suite de « identifiant: … »");
            return;
        }
        for (auto it = file.root.begin(); it != file.root.end(); ++it) {
            std::string id = id_of(it->first.Scalar());
            if (!valid_id(file, it->first, id, it->first.Scalar())) continue;
            MapReader m(file, it->second, m_diags, it->first.Scalar());
            if (!m.valid()) continue;
            if (documents) {
                Document d{id, m.text("libelle", true).value_or(""), m.text("precision").value_or(""), location_of(file, it->first)};
                if (m_rules.document_index.contains(id)) m_diags.error("R005", d.where, it->first.Scalar(), "pièce déjà déclarée");
                m_rules.document_index[id] = static_cast<int>(m_rules.documents.size());
                m_rules.documents.push_back(std::move(d));
            } else {
                Organisation o{id, m.text("nom", true).value_or(""), m.text("site").value_or(""), m.text("telephone").value_or(""),
                               m.text("demarche").value_or(""), location_of(file, it->first)};
                if (m_rules.organisation_index.contains(id)) m_diags.error("R005", o.where, it->first.Scalar(), "organisme déjà déclaré");
                m_rules.organisation_index[id] = static_cast<int>(m_rules.organisations.size());
                m_rules.organisations.push_back(std::move(o));
            }
            m.finish();
        }
    }

    /// rules/moments_de_vie.yaml: one button of the first screen per entry, in the written order.
    void read_life_event(const YamlFile& file, const std::string& written, const YamlNode& node) {
        std::string id = id_of(written);
        if (!valid_id(file, node, id, written)) return;
        MapReader m(file, node, m_diags, written);
        if (!m.valid()) return;
        LifeEvent e{id, m.text("libelle", true).value_or(""), m.text("pictogramme", true).value_or(""), m.text_list("moments"), m_key_location};
        for (auto& t : e.moments) t = id_of(t);
        m.finish();
        bool known = std::any_of(m_rules.life_events.begin(), m_rules.life_events.end(), [&](const LifeEvent& o) { return o.id == id; });
        if (known) m_diags.error("R005", e.where, written, "moment de vie déjà déclaré");
        else m_rules.life_events.push_back(std::move(e));
    }

    /// Every aid is reached from at least one button: each of its `moments_de_vie` is listed by an event
    /// (« toutes mes aides », which lists none, does not count), and each event reaches an aid.
    void check_life_events() {
        std::set<std::string> listed, used;
        for (const auto& e : m_rules.life_events) listed.insert(e.moments.begin(), e.moments.end());
        for (const auto& a : m_rules.aids) {
            if (a.life_events.empty())
                m_diags.error("R004", a.where, "moments_de_vie", "une aide appartient à au moins un moment de vie (rules/moments_de_vie.yaml) : listez-les sous « moments_de_vie: »");
            for (std::size_t k = 0; k < a.life_events.size(); ++k) {
                used.insert(a.life_events[k]);
                if (!listed.contains(a.life_events[k]))
                    m_diags.error("R021", a.life_events_where, fmt::format("moments_de_vie[{}]", k + 1),
                                  fmt::format("moment de vie « {} » qu'aucun bouton de rules/moments_de_vie.yaml ne propose (connus : {})", a.life_events[k],
                                              fmt::join(listed, ", ")));
            }
        }
        for (const auto& e : m_rules.life_events)
            if (!e.moments.empty() && std::none_of(e.moments.begin(), e.moments.end(), [&](const std::string& t) { return used.contains(t); }))
                m_diags.error("R021", e.where, e.id + ".moments", "ce moment de vie ne mène à aucune aide : aucune aide ne liste ces moments sous « moments_de_vie: »");
    }

    /// rules/textes.yaml: the few sentences the engine composes itself, as data.
    void read_texts(YamlFile& file) {
        MapReader m(file, file.root, m_diags, "");
        if (!m.valid()) return;
        m_rules.freshness_note = m.text("fraicheur").value_or("");
        m_rules.local_elsewhere_note = m.text("aides_locales_ailleurs").value_or("");
        m.finish();
    }

    // -- data tables ------------------------------------------------------------------------

    void read_table(const fs::path& p) {
        YamlFile* file = open(p);
        if (!file) return;
        MapReader m(*file, file->root, m_diags, "");
        if (!m.valid()) return;
        DataTable t;
        t.where = m.where();
        t.id = id_of(m.text("table", true).value_or(""));
        t.source = m.text("source", true).value_or("");
        m.text("libelle");
        m.text("verifie_le");
        auto csv_name = m.text("fichier", true).value_or("");
        auto key_col = m.text("cle", true).value_or("");
        auto value_col = m.text("valeur", true).value_or("");
        auto type = fold_name(m.text("type", true).value_or(""));
        auto default_value = m.text("defaut");
        m.finish();
        if (type == "entier" || type == "nombre") t.value_type = {Kind::Number, Unit::None};
        else if (type == "texte") t.value_type = {Kind::Text};
        else {
            m_diags.error("R010", t.where, "type", "type de valeur : entier, nombre ou texte");
            return;
        }
        if (default_value && t.value_type.kind == Kind::Number) {
            t.default_number = Decimal::parse(*default_value);
            if (!t.default_number) m_diags.error("R010", m.where("defaut"), m.field("defaut"), fmt::format("nombre illisible « {} »", *default_value));
        } else if (default_value) {
            t.default_text = *default_value;
        }
        fs::path csv = p.parent_path() / csv_name;
        std::ifstream in(csv);
        std::string shown_csv = shown(csv);
        if (!in) {
            m_diags.error("R001", t.where, "fichier", fmt::format("fichier {} introuvable", shown_csv));
            return;
        }
        std::string line;
        int line_no = 0;
        int key_index = -1, value_index = -1;
        auto split = [](const std::string& l) {
            std::vector<std::string> cells;
            std::stringstream ss(l);
            std::string cell;
            while (std::getline(ss, cell, ',')) {
                while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
                cells.push_back(cell);
            }
            return cells;
        };
        for (std::string h; std::getline(in, h);) {
            ++line_no;
            for (char c : h) {
                m_hash ^= static_cast<unsigned char>(c);
                m_hash *= 1099511628211ULL;
            }
            if (invalid_utf8_at(h) != std::string_view::npos) {
                m_diags.error("R001", {shown_csv, line_no, 0}, "", "caractère invalide : le fichier doit être enregistré en UTF-8");
                return;
            }
            if (h.empty() || h[0] == '#') continue;
            auto cells = split(h);
            if (key_index < 0) {
                for (std::size_t k = 0; k < cells.size(); ++k) {
                    if (cells[k] == key_col) key_index = static_cast<int>(k);
                    if (cells[k] == value_col) value_index = static_cast<int>(k);
                }
                if (key_index < 0 || value_index < 0) {
                    m_diags.error("R004", {shown_csv, line_no, 1}, "", fmt::format("colonnes « {} » et « {} » attendues dans l'en-tête", key_col, value_col));
                    return;
                }
                continue;
            }
            if (static_cast<int>(cells.size()) <= std::max(key_index, value_index)) {
                m_diags.error("R010", {shown_csv, line_no, 1}, "", "ligne incomplète");
                continue;
            }
            const std::string& key = cells[static_cast<std::size_t>(key_index)];
            const std::string& value = cells[static_cast<std::size_t>(value_index)];
            if (t.value_type.kind == Kind::Number) {
                auto q = Decimal::parse(value);
                if (!q) {
                    m_diags.error("R010", {shown_csv, line_no, 1}, value_col, fmt::format("nombre illisible « {} »", value));
                    continue;
                }
                if (!t.numbers.emplace(key, *q).second) m_diags.error("R005", {shown_csv, line_no, 1}, key_col, fmt::format("clé « {} » en double", key));
            } else if (!t.texts.emplace(key, value).second) {
                m_diags.error("R005", {shown_csv, line_no, 1}, key_col, fmt::format("clé « {} » en double", key));
            }
        }
        if (m_rules.table_index.contains(t.id)) {
            m_diags.error("R005", t.where, "table", "table déjà déclarée");
            return;
        }
        m_rules.table_index[t.id] = static_cast<int>(m_rules.tables.size());
        m_rules.tables.push_back(std::move(t));
    }

    // -- tests ------------------------------------------------------------------------------

    static nlohmann::json to_json(const YamlNode& n) {
        if (n.IsMap()) {
            nlohmann::json j = nlohmann::json::object();
            for (auto it = n.begin(); it != n.end(); ++it) j[it->first.Scalar()] = to_json(it->second);
            return j;
        }
        if (n.IsSequence()) {
            nlohmann::json j = nlohmann::json::array();
            for (const auto& item : n) j.push_back(to_json(item));
            return j;
        }
        if (n.IsNull() || !n.IsDefined()) return nullptr;
        return n.Scalar();
    }

    void read_tests(const YamlFile& file, const YamlNode& list, const std::string& aid) {
        if (!list.IsSequence()) {
            m_diags.error("R010", location_of(file, list), "tests", "« tests » est une liste de cas (« - nom: … »)");
            return;
        }
        for (std::size_t k = 0; k < list.size(); ++k) {
            MapReader m(file, list[k], m_diags, fmt::format("tests[{}]", k + 1));
            if (!m.valid()) continue;
            RulesTest t;
            t.where = m.where();
            t.name = m.text("nom", true).value_or("");
            t.source = m.text("source", true).value_or("");
            t.status = fold_name(m.text("statut").value_or("valide"));
            if (t.status != "valide" && t.status != "a_valider" && t.status != "connu_divergent")
                m_diags.error("R010", m.where("statut"), m.field("statut"), "statut : validé, à_valider ou connu_divergent");
            if (m.has("mois")) t.month = date(file, m.get("mois"), m.field("mois"), true).value_or(Date{});
            else m_diags.error("R004", t.where, m.field("mois"), "le mois simulé (« mois: 2026-05 ») est obligatoire");
            m.text("note");
            YamlNode situation = m.get("situation");
            nlohmann::json sj = situation.IsDefined() ? to_json(situation) : nlohmann::json::object();
            if (!sj.is_object()) sj = nlohmann::json::object();
            sj["mois"] = t.month.iso().substr(0, 7);
            t.situation_json = sj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            YamlNode forced = m.get("forcer");
            if (forced.IsMap())
                for (auto it = forced.begin(); it != forced.end(); ++it)
                    t.forced.emplace_back(qualify(it->first.Scalar(), aid), scalar_text(file, it->second, m_diags, m.field("forcer")).value_or(""));
            YamlNode expected = m.get("attendu");
            if (expected.IsMap()) {
                for (auto it = expected.begin(); it != expected.end(); ++it)
                    t.expectations.push_back({qualify(it->first.Scalar(), aid), scalar_text(file, it->second, m_diags, m.field("attendu")).value_or(""),
                                              location_of(file, it->first)});
            }
            for (const auto& q : m.text_list("questions_attendues")) t.expected_questions.push_back(id_of(q));
            for (bool shown : {true, false}) {
                // à_vérifier_affiché: { rsa: <début de la note> } ; une liste de débuts pour plusieurs notes.
                const char* key = shown ? "a_verifier_affiche" : "a_verifier_masque";
                YamlNode notes = m.get(key);
                if (!notes.IsDefined()) continue;
                if (!notes.IsMap()) {
                    m_diags.error("R010", m.where(key), m.field(key), "« aide: début de la note » (ou une liste de débuts)");
                    continue;
                }
                for (auto it = notes.begin(); it != notes.end(); ++it) {
                    std::string field = m.field(key) + "." + it->first.Scalar();
                    std::vector<std::string> starts;
                    if (it->second.IsSequence())
                        for (const auto& item : it->second) starts.push_back(scalar_text(file, item, m_diags, field).value_or(""));
                    else
                        starts.push_back(scalar_text(file, it->second, m_diags, field).value_or(""));
                    for (auto& start : starts) t.expected_notes.push_back({id_of(it->first.Scalar()), std::move(start), shown, location_of(file, it->first)});
                }
            }
            if (t.expectations.empty() && t.expected_questions.empty() && t.expected_notes.empty())
                m_diags.error("R004", t.where, m.field("attendu"), "un test attend au moins une valeur (« attendu: »)");
            if (auto tol = m.text("tolerance")) t.tolerance = parse_quantity(*tol).value_or(Quantity{}).value;
            m.finish();
            m_rules.tests.push_back(std::move(t));
        }
    }

    /// In an aid's tests, "montant" means "rsa.montant"; a name with a dot is taken as written.
    std::string qualify(const std::string& written, const std::string& aid) {
        std::string id = id_of(written);
        if (aid.empty() || id.find('.') != std::string::npos || id == aid) return id;
        return aid + "." + id;
    }

    // -- reference correspondences ------------------------------------------------------------

    void read_references(YamlFile& file) {
        MapReader m(file, file.root, m_diags, "");
        if (!m.valid()) return;
        m.text("description");
        m.text("source");
        YamlNode outputs = m.get("sorties");
        if (!outputs.IsMap()) {
            m_diags.error("R004", m.where(), "sorties", "« sorties: » liste chaque sortie de la référence et sa formule");
            return;
        }
        for (auto it = outputs.begin(); it != outputs.end(); ++it) {
            std::string field = "sorties." + it->first.Scalar();
            RuleSet::ReferenceOutput out;
            out.key = it->first.Scalar();
            YamlNode formula = it->second;
            if (it->second.IsMap()) {
                MapReader o(file, it->second, m_diags, field);
                formula = o.get("formule");
                if (o.has("si")) out.when = expression(file, o.get("si"), field + ".si");
                o.text("note");
                o.finish();
            }
            auto text = scalar_text(file, formula, m_diags, field);
            if (!text) continue;
            if (!text->empty() && fold_name(*text) != "non_couvert") {
                auto parsed = expression(file, formula, field);
                if (!parsed) continue;
                out.value = *parsed;
            }
            m_rules.reference_outputs.push_back(std::move(out));
        }
        m.finish();
    }
};

/// A group's `parmi … où` condition says yes or no of each person (known once the checker typed it).
void check_group_filters(const RuleSet& rules, Diagnostics& diags) {
    for (const QuestionGroup& g : rules.groups) {
        if (g.among_rule < 0) continue;
        const Rule& r = rules.rules[static_cast<std::size_t>(g.among_rule)];
        if (r.type.kind != Kind::Bool) diags.error("R022", r.where, g.id + ".parmi", "après « où », une condition (oui/non) sur la personne");
    }
}

}  // namespace

LoadResult load_rules(const std::string& folder, LoadOptions options, const LocalChoice& local) {
    LoadResult result;
    auto rules = std::make_shared<RuleSet>();
    rules->root = folder;
    Loader loader(folder, *rules, result.diagnostics, options, local);
    loader.run();
    if (!result.diagnostics.has_errors()) check_rules(*rules, result.diagnostics);
    if (!result.diagnostics.has_errors()) check_group_filters(*rules, result.diagnostics);
    if (!result.diagnostics.has_errors()) result.rules = std::move(rules);
    return result;
}

}  // namespace borne::engine
