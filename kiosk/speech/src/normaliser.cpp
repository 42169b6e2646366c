#include "borne/speech/normaliser.hpp"

#include "borne/engine/files.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fmt/format.h>
#include <regex>
#include <set>

namespace borne::speech {

namespace {

const std::set<std::string> known_keys = {"caracteres", "sigles", "abreviations", "mois", "premier_jour", "date", "separateur_decimal",
                                          "separateurs_milliers", "monnaie", "montant", "montant_centimes", "centimes_seuls", "ordinal", "premiere", "lien"};

class Reader {
public:
    explicit Reader(std::string file) : m_file(std::move(file)) {}
    std::vector<DataError> errors;

    void error(const YAML::Node& node, std::string field, std::string message) {
        int line = node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 1;
        errors.push_back({m_file, line, std::move(field), std::move(message)});
    }

    std::string text(const YAML::Node& root, const std::string& key) {
        YAML::Node n = root[key];
        if (!n) {
            error(root, key, "clé absente");
            return {};
        }
        if (!n.IsScalar()) {
            error(n, key, "un texte est attendu");
            return {};
        }
        return n.Scalar();
    }

    /// A template: a text that must hold each of `slots` (« {euros} »), and nothing else in braces.
    std::string pattern(const YAML::Node& root, const std::string& key, std::initializer_list<const char*> slots) {
        std::string t = text(root, key);
        if (t.empty()) return t;
        for (const char* s : slots)
            if (t.find(fmt::format("{{{}}}", s)) == std::string::npos) error(root[key], key, fmt::format("« {{{}}} » manque dans « {} »", s, t));
        return t;
    }

    /// A map of texts to texts, in file order.
    std::vector<std::pair<std::string, std::string>> pairs(const YAML::Node& root, const std::string& key) {
        std::vector<std::pair<std::string, std::string>> out;
        YAML::Node n = root[key];
        if (!n) return out;
        if (!n.IsMap()) {
            error(n, key, "une liste « écrit: dit » est attendue");
            return out;
        }
        for (const auto& kv : n) {
            std::string from = kv.first.IsScalar() ? kv.first.Scalar() : "";
            if (from.empty()) error(kv.first, key, "un texte vide ne peut pas être remplacé");
            else if (!kv.second.IsScalar()) error(kv.second, key + "." + from, "un texte est attendu");
            else out.emplace_back(from, kv.second.IsNull() ? "" : kv.second.Scalar());
        }
        return out;
    }

private:
    std::string m_file;
};

bool is_acronym_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || is_acronym_char(c) || static_cast<unsigned char>(c) >= 0x80; }

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    return text;
}

std::string fill(std::string pattern, std::initializer_list<std::pair<const char*, std::string>> values) {
    for (const auto& [slot, value] : values) pattern = replace_all(std::move(pattern), fmt::format("{{{}}}", slot), value);
    return pattern;
}

/// A regular expression matching any one of `chars` (ASCII punctuation and spaces).
std::string char_class(const std::string& chars) {
    std::string out = "[";
    for (char c : chars) {
        if (c == ']' || c == '\\' || c == '^' || c == '-') out += '\\';
        out += c;
    }
    return out + "]";
}

std::string escaped(const std::string& literal) {
    std::string out;
    for (char c : literal) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

/// Replaces every match of `re` by what `with` makes of it.
template <typename F> std::string each_match(const std::string& text, const std::regex& re, F with) {
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
        out.append(last, (*it)[0].first);
        out += with(*it);
        last = (*it)[0].second;
    }
    out.append(last, text.cend());
    return out;
}

std::string digits_only(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

std::string without_leading_zeros(const std::string& digits) {
    std::size_t k = digits.find_first_not_of('0');
    return k == std::string::npos ? "0" : digits.substr(k);
}

}  // namespace

std::string DataError::to_string() const {
    if (line == 0) return fmt::format("{} : {}", file, message);
    return fmt::format("{}:{} : {} : {}", file, line, field, message);
}

std::pair<std::optional<Normaliser>, std::vector<DataError>> Normaliser::parse(const std::string& yaml_text, const std::string& file) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        return {std::nullopt, {{file, e.mark.line + 1, "(syntaxe)", e.msg}}};
    }
    if (!root.IsMap()) return {std::nullopt, {{file, 1, "(document)", "le fichier doit être une suite de clés « nom: valeur »"}}};
    Reader r(file);
    for (const auto& kv : root) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
        if (!known_keys.count(key)) r.error(kv.first, key, "clé inconnue");
    }
    SpeechRules rules;
    rules.characters = r.pairs(root, "caracteres");
    for (auto& [written, said] : r.pairs(root, "sigles")) {
        if (!std::all_of(written.begin(), written.end(), is_acronym_char))
            r.error(root["sigles"], "sigles." + written, "un sigle s'écrit en majuscules et chiffres (A-Z, 0-9)");
        else if (said.empty()) r.error(root["sigles"][written], "sigles." + written, "la prononciation est vide");
        rules.acronyms[written] = said;
    }
    rules.abbreviations = r.pairs(root, "abreviations");
    // The longest first: « /mois » before a shorter key it contains.
    std::stable_sort(rules.abbreviations.begin(), rules.abbreviations.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    if (YAML::Node months = root["mois"]; !months || !months.IsSequence() || months.size() != 12)
        r.error(months ? months : root, "mois", "une liste des douze mois est attendue, janvier d'abord");
    else
        for (std::size_t k = 0; k < 12; ++k) {
            if (!months[k].IsScalar() || months[k].Scalar().empty()) r.error(months[k], fmt::format("mois[{}]", k), "un nom de mois est attendu");
            else rules.months.push_back(months[k].Scalar());
        }
    if (root["ordinal"]) rules.ordinal = r.pattern(root, "ordinal", {"n"});
    if (root["premiere"]) rules.first_feminine = r.text(root, "premiere");
    if (root["lien"]) rules.link = r.text(root, "lien");
    rules.first_day = r.text(root, "premier_jour");
    rules.date = r.pattern(root, "date", {"jour", "mois", "annee"});
    rules.decimal_separator = r.text(root, "separateur_decimal");
    rules.thousands_separators = r.text(root, "separateurs_milliers");
    rules.currency = r.text(root, "monnaie");
    rules.amount = r.pattern(root, "montant", {"euros"});
    rules.amount_with_cents = r.pattern(root, "montant_centimes", {"euros", "centimes"});
    rules.cents_only = r.pattern(root, "centimes_seuls", {"centimes"});
    if (rules.decimal_separator.size() != 1) r.error(root["separateur_decimal"], "separateur_decimal", "un seul caractère est attendu (« , » ou « . »)");
    for (char c : rules.thousands_separators)
        if (static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c)))
            r.error(root["separateurs_milliers"], "separateurs_milliers", "des espaces ou signes ASCII sont attendus (les insécables passent par « caracteres »)");
    if (!r.errors.empty()) {
        std::stable_sort(r.errors.begin(), r.errors.end(), [](const DataError& a, const DataError& b) { return a.line < b.line; });
        return {std::nullopt, std::move(r.errors)};
    }
    return {Normaliser(std::move(rules)), {}};
}

std::pair<std::optional<Normaliser>, std::vector<DataError>> Normaliser::read(const std::string& path) {
    auto text = engine::read_file(path);
    if (!text) return {std::nullopt, {{path, 0, "", "fichier illisible ou absent"}}};
    return parse(*text, path);
}

std::string Normaliser::spoken(std::string_view written) const {
    std::string text(written);
    for (const auto& [from, to] : m_rules.characters) text = replace_all(std::move(text), from, to);
    text = words(abbreviations(amounts(dates(links(std::move(text))))));
    // One space between words, none at the ends: what the replacements left is not spoken anyway.
    std::string out;
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string Normaliser::links(std::string text) const {
    // A web address read letter by letter helps nobody listening: it is on the screen and the slip.
    if (m_rules.link.empty()) return text;
    static const std::regex address(R"((https?://|www\.)[^ \t\n)»]+)");
    return each_match(text, address, [&](const std::smatch&) { return m_rules.link; });
}

std::string Normaliser::dates(std::string text) const {
    static const std::regex date(R"((^|[^0-9/])([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?![0-9/]))");
    return each_match(text, date, [&](const std::smatch& m) -> std::string {
        int day = std::stoi(m[2]), month = std::stoi(m[3]);
        if (day < 1 || day > 31 || month < 1 || month > 12) return m[0];
        std::string d = day == 1 ? m_rules.first_day : std::to_string(day);
        return m[1].str() + fill(m_rules.date, {{"jour", d}, {"mois", m_rules.months[static_cast<std::size_t>(month - 1)]}, {"annee", m[4].str()}});
    });
}

Normaliser::Normaliser(SpeechRules rules) : m_rules(std::move(rules)) {
    // « 1 234,56 € », « 1 234 € », « 12,5 € », and the symbol first (« €1,234.56 »).
    const std::string sep = char_class(m_rules.thousands_separators), dec = escaped(m_rules.decimal_separator),
                      cur = escaped(m_rules.currency);
    const std::string number = fmt::format(R"(([0-9]{{1,3}}(?:{}[0-9]{{3}})+|[0-9]+)(?:{}([0-9]{{1,2}}))?)", sep, dec);
    m_amount_after = std::make_shared<const std::regex>(fmt::format(R"((^|[^0-9]){} ?{})", number, cur));
    m_amount_before = std::make_shared<const std::regex>(fmt::format(R"({} ?{}(?![0-9]))", cur, number));
}

std::string Normaliser::amounts(std::string text) const {
    auto say = [&](const std::string& whole, const std::string& fraction) {
        std::string euros = without_leading_zeros(digits_only(whole));
        std::string cents = fraction.size() == 1 ? fraction + "0" : fraction;
        if (cents.empty() || cents == "00") return fill(m_rules.amount, {{"euros", euros}});
        if (euros == "0") return fill(m_rules.cents_only, {{"centimes", without_leading_zeros(cents)}});
        // Both digits, as on the screen: « 153 euros 01 » is heard « zéro un », never « un » (10 times more).
        return fill(m_rules.amount_with_cents, {{"euros", euros}, {"centimes", cents}});
    };
    text = each_match(text, *m_amount_after, [&](const std::smatch& m) { return m[1].str() + say(m[2], m[3]); });
    return each_match(text, *m_amount_before, [&](const std::smatch& m) { return say(m[1], m[2]); });
}

std::string Normaliser::abbreviations(std::string text) const {
    for (const auto& [from, to] : m_rules.abbreviations) text = replace_all(std::move(text), from, to);
    return text;
}

std::string Normaliser::word(const std::string& w) const {
    if (auto it = m_rules.acronyms.find(w); it != m_rules.acronyms.end()) return it->second;
    // « 2e », « 12e »: an ordinal; « 1re »: the first (feminine).
    if (w.size() >= 2 && w.back() == 'e' && std::all_of(w.begin(), w.end() - 1, [](char c) { return c >= '0' && c <= '9'; }) && !m_rules.ordinal.empty())
        return fill(m_rules.ordinal, {{"n", w.substr(0, w.size() - 1)}});
    if (w == "1re" && !m_rules.first_feminine.empty()) return m_rules.first_feminine;
    return w;
}

std::string Normaliser::words(const std::string& text) const {
    std::string out;
    std::size_t k = 0;
    while (k < text.size()) {
        if (!is_word_char(text[k])) {
            out += text[k++];
            continue;
        }
        std::size_t end = k;
        while (end < text.size() && is_word_char(text[end])) ++end;
        out += word(text.substr(k, end - k));
        k = end;
    }
    return out;
}

}  // namespace borne::speech
