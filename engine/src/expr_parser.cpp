#include "expr_parser.hpp"

#include <array>
#include <fmt/format.h>

namespace borne::engine {

std::string fold_name(std::string_view name) {
    // Two-byte UTF-8 Latin-1 letters (C3 xx) folded to ASCII.
    struct Fold {
        unsigned char second;
        const char* ascii;
    };
    static constexpr std::array<Fold, 36> folds{{
        {0xA0, "a"}, {0xA2, "a"}, {0xA4, "a"}, {0xA7, "c"}, {0xA8, "e"}, {0xA9, "e"}, {0xAA, "e"}, {0xAB, "e"},
        {0xAE, "i"}, {0xAF, "i"}, {0xB4, "o"}, {0xB6, "o"}, {0xB9, "u"}, {0xBB, "u"}, {0xBC, "u"}, {0xBF, "y"},
        {0x80, "a"}, {0x82, "a"}, {0x84, "a"}, {0x87, "c"}, {0x88, "e"}, {0x89, "e"}, {0x8A, "e"}, {0x8B, "e"},
        {0x8E, "i"}, {0x8F, "i"}, {0x94, "o"}, {0x96, "o"}, {0x99, "u"}, {0x9B, "u"}, {0x9C, "u"}, {0xA6, "ae"},
        {0x86, "ae"}, {0xA1, "a"}, {0xAD, "i"}, {0xB3, "o"},
    }};
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < name.size()) {
            auto s = static_cast<unsigned char>(name[i + 1]);
            const char* folded = nullptr;
            for (const Fold& f : folds)
                if (f.second == s) folded = f.ascii;
            if (folded) {
                out += folded;
                ++i;
            } else {
                out += name[i];
            }
        } else if (c == 0xC5 && i + 1 < name.size() &&
                   (static_cast<unsigned char>(name[i + 1]) == 0x93 || static_cast<unsigned char>(name[i + 1]) == 0x92)) {
            out += "oe";  // œ Œ
            ++i;
        } else if (c == ' ' || c == '-') {
            out += '_';
        } else {
            out += name[i];
        }
    }
    return out;
}

namespace {

enum class Tok {
    End, Number, Date, Ident, Param, String, LParen, RParen, LBracket, RBracket, Semicolon,
    Plus, Minus, Star, Slash, Eq, Ne, Lt, Le, Gt, Ge, Error
};

struct Token {
    Tok kind = Tok::End;
    std::uint32_t offset = 0;
    std::string text;  // identifier (folded), param id (folded), string contents, or error message
    Decimal number;
    Unit unit = Unit::None;
    Date date;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    Token next() {
        skip_spaces();
        Token t;
        t.offset = static_cast<std::uint32_t>(m_pos);
        if (m_pos >= m_text.size()) return t;
        char c = m_text[m_pos];
        auto starts = [&](std::string_view s) { return m_text.substr(m_pos, s.size()) == s; };
        auto single = [&](Tok k, std::size_t len) {
            t.kind = k;
            m_pos += len;
            return t;
        };
        if (starts("×")) return single(Tok::Star, 2);
        if (starts("≠")) return single(Tok::Ne, 3);
        if (starts("≤")) return single(Tok::Le, 3);
        if (starts("≥")) return single(Tok::Ge, 3);
        switch (c) {
            case '(': return single(Tok::LParen, 1);
            case ')': return single(Tok::RParen, 1);
            case '[': return single(Tok::LBracket, 1);
            case ']': return single(Tok::RBracket, 1);
            case ';': return single(Tok::Semicolon, 1);
            case '+': return single(Tok::Plus, 1);
            case '-': return single(Tok::Minus, 1);
            case '*': return single(Tok::Star, 1);
            case '/': return single(Tok::Slash, 1);
            case '=': return single(Tok::Eq, 1);
            case '!':
                if (starts("!=")) return single(Tok::Ne, 2);
                break;
            case '<':
                if (starts("<=")) return single(Tok::Le, 2);
                return single(Tok::Lt, 1);
            case '>':
                if (starts(">=")) return single(Tok::Ge, 2);
                return single(Tok::Gt, 1);
            case '\'':
            case '"': return string_literal(t, c);
            case '$': {
                ++m_pos;
                std::string name = identifier_text();
                if (name.empty()) return error(t, "un nom de paramètre doit suivre « $ »");
                t.kind = Tok::Param;
                t.text = fold_name(name);
                return t;
            }
            default: break;
        }
        if (is_digit(c)) return number(t);
        if (is_ident_start()) {
            t.kind = Tok::Ident;
            t.text = fold_name(identifier_text());
            return t;
        }
        return error(t, fmt::format("caractère inattendu « {} »", std::string(m_text.substr(m_pos, utf8_length()))));
    }

    std::size_t position() const { return m_pos; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;

    void skip_spaces() {
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                ++m_pos;
            } else if (m_text.substr(m_pos, 2) == "\xC2\xA0") {
                m_pos += 2;
            } else if (m_text.substr(m_pos, 3) == "\xE2\x80\xAF") {
                m_pos += 3;
            } else {
                break;
            }
        }
    }

    std::size_t utf8_length() const {
        auto c = static_cast<unsigned char>(m_text[m_pos]);
        std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        return std::min(n, m_text.size() - m_pos);
    }

    bool is_operator_sequence() const {
        auto rest = m_text.substr(m_pos);
        return rest.starts_with("×") || rest.starts_with("≠") || rest.starts_with("≤") || rest.starts_with("≥") ||
               rest.starts_with("€") || rest.starts_with("\xC2\xA0") || rest.starts_with("\xE2\x80\xAF");
    }

    bool is_ident_start() const {
        auto c = static_cast<unsigned char>(m_text[m_pos]);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 0xC0 && !is_operator_sequence());
    }

    bool is_ident_char() const {
        auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c == '.') {
            // a dot joins two names ("rsa.montant"), never ends one
            return m_pos + 1 < m_text.size() && m_pos > 0;
        }
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || is_digit(static_cast<char>(c)) ||
               (c >= 0x80 && !is_operator_sequence());
    }

    std::string identifier_text() {
        std::size_t start = m_pos;
        while (m_pos < m_text.size() && is_ident_char()) m_pos += utf8_length();
        return std::string(m_text.substr(start, m_pos - start));
    }

    Token error(Token t, std::string message) {
        t.kind = Tok::Error;
        t.text = std::move(message);
        m_pos = m_text.size();
        return t;
    }

    Token string_literal(Token t, char quote) {
        std::size_t start = ++m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != quote) ++m_pos;
        if (m_pos >= m_text.size()) return error(t, "texte entre guillemets non refermé");
        t.kind = Tok::String;
        t.text = std::string(m_text.substr(start, m_pos - start));
        ++m_pos;
        return t;
    }

    Token number(Token t) {
        std::size_t start = m_pos;
        // A date literal: 2026-03-01
        if (m_pos + 10 <= m_text.size() && m_text[m_pos + 4] == '-' && m_text[m_pos + 7] == '-') {
            if (auto d = Date::parse(m_text.substr(m_pos, 10))) {
                m_pos += 10;
                t.kind = Tok::Date;
                t.date = *d;
                return t;
            }
        }
        while (m_pos < m_text.size() && is_digit(m_text[m_pos])) ++m_pos;
        if (m_pos + 1 < m_text.size() && (m_text[m_pos] == ',' || m_text[m_pos] == '.') && is_digit(m_text[m_pos + 1])) {
            ++m_pos;
            while (m_pos < m_text.size() && is_digit(m_text[m_pos])) ++m_pos;
        }
        auto value = Decimal::parse(m_text.substr(start, m_pos - start));
        if (!value) return error(t, "nombre illisible");
        t.kind = Tok::Number;
        t.number = *value;
        // An optional unit follows, separated by spaces.
        std::size_t save = m_pos;
        skip_spaces();
        auto rest = m_text.substr(m_pos);
        auto word_is = [&](std::string_view w) {
            if (!rest.starts_with(w)) return false;
            std::size_t after = m_pos + w.size();
            if (after >= m_text.size()) return true;
            auto c = static_cast<unsigned char>(m_text[after]);
            return !((c >= 'a' && c <= 'z') || c == '_' || c >= 0x80 || is_digit(static_cast<char>(c)));
        };
        if (rest.starts_with("€")) {
            t.unit = Unit::Euro;
            m_pos += 3;
        } else if (rest.starts_with("%")) {
            t.unit = Unit::Percent;
            t.number = t.number / Decimal::from_int(100);
            m_pos += 1;
        } else if (word_is("ans") || word_is("an")) {
            t.unit = Unit::Year;
            m_pos += word_is("ans") ? 3 : 2;
        } else if (word_is("mois")) {
            t.unit = Unit::Month;
            m_pos += 4;
        } else if (word_is("jours") || word_is("jour")) {
            t.unit = Unit::Day;
            m_pos += word_is("jours") ? 5 : 4;
        } else {
            m_pos = save;
        }
        return t;
    }
};

class Parser {
public:
    Parser(std::string_view text, RuleSet& rules) : m_lexer(text), m_rules(rules) { advance(); }

    bool parse(std::uint32_t& root, ParseError& error) {
        std::uint32_t r = expression();
        if (!m_failed && m_tok.kind != Tok::End) fail(m_tok.offset, "fin d'expression attendue ici");
        if (m_failed) {
            error = m_error;
            return false;
        }
        root = r;
        return true;
    }

private:
    Lexer m_lexer;
    RuleSet& m_rules;
    Token m_tok;
    bool m_failed = false;
    ParseError m_error;
    int m_depth = 0;

    static constexpr int max_depth = 200;  // bounds recursion on hostile input (the fuzzer found none deeper in real rules)

    void advance() {
        m_tok = m_lexer.next();
        if (m_tok.kind == Tok::Error) fail(m_tok.offset, m_tok.text);
    }

    void fail(std::uint32_t offset, std::string message) {
        if (m_failed) return;
        m_failed = true;
        m_error = {offset, std::move(message)};
    }

    bool is_word(std::string_view w) const { return m_tok.kind == Tok::Ident && m_tok.text == w; }

    void expect(Tok kind, std::string_view what) {
        if (m_tok.kind != kind) {
            fail(m_tok.offset, fmt::format("« {} » attendu", what));
            return;
        }
        advance();
    }

    std::uint32_t add(Node n, const std::vector<std::uint32_t>& kids = {}) {
        n.first_child = static_cast<std::uint32_t>(m_rules.children.size());
        n.child_count = static_cast<std::uint32_t>(kids.size());
        m_rules.children.insert(m_rules.children.end(), kids.begin(), kids.end());
        m_rules.nodes.push_back(std::move(n));
        return static_cast<std::uint32_t>(m_rules.nodes.size() - 1);
    }

    std::uint32_t binary(Op op, std::uint32_t offset, std::uint32_t a, std::uint32_t b) {
        Node n;
        n.kind = NodeKind::Binary;
        n.op = op;
        n.offset = offset;
        return add(n, {a, b});
    }

    std::uint32_t expression() {
        if (++m_depth > max_depth) {
            fail(m_tok.offset, "expression trop imbriquée");
            --m_depth;
            return 0;
        }
        std::uint32_t r;
        if (is_word("si")) {
            std::uint32_t offset = m_tok.offset;
            advance();
            std::uint32_t c = expression();
            if (!is_word("alors")) fail(m_tok.offset, "« alors » attendu");
            else advance();
            std::uint32_t a = expression();
            if (!is_word("sinon")) fail(m_tok.offset, "« sinon » attendu (toute condition doit dire que faire sinon)");
            else advance();
            std::uint32_t b = expression();
            Node n;
            n.kind = NodeKind::If;
            n.offset = offset;
            r = add(n, {c, a, b});
        } else {
            r = disjunction();
        }
        --m_depth;
        return r;
    }

    /// One level of left-associative operators (« a ou b ou c » is « (a ou b) ou c »): operands read by
    /// `operand` (the next level down), joined while `op_here` names the current token's operator.
    template <class OpHere>
    std::uint32_t left_associative(std::uint32_t (Parser::*operand)(), OpHere op_here) {
        std::uint32_t left = (this->*operand)();
        for (Op op = Op::None; !m_failed && (op = op_here()) != Op::None;) {
            std::uint32_t offset = m_tok.offset;
            advance();
            left = binary(op, offset, left, (this->*operand)());
        }
        return left;
    }

    std::uint32_t disjunction() {
        return left_associative(&Parser::conjunction, [&] { return is_word("ou") ? Op::Or : Op::None; });
    }

    std::uint32_t conjunction() {
        return left_associative(&Parser::negation, [&] { return is_word("et") ? Op::And : Op::None; });
    }

    std::uint32_t negation() {
        if (is_word("non")) {
            // « non » alone (par_défaut: non) is the value false, not a negation of nothing.
            Node literal;
            literal.offset = m_tok.offset;
            advance();
            if (m_tok.kind == Tok::End || m_tok.kind == Tok::RParen || m_tok.kind == Tok::Semicolon || m_tok.kind == Tok::RBracket ||
                is_word("alors") || is_word("sinon") || is_word("et") || is_word("ou")) {
                literal.kind = NodeKind::Bool;
                return add(literal);
            }
            if (++m_depth > max_depth) {
                fail(m_tok.offset, "expression trop imbriquée");
                return 0;
            }
            Node n;
            n.kind = NodeKind::Unary;
            n.op = Op::Not;
            n.offset = literal.offset;
            std::uint32_t operand = negation();
            --m_depth;
            return add(n, {operand});
        }
        return comparison();
    }

    std::uint32_t comparison() {
        std::uint32_t left = additive();
        Op op = Op::None;
        switch (m_tok.kind) {
            case Tok::Eq: op = Op::Eq; break;
            case Tok::Ne: op = Op::Ne; break;
            case Tok::Lt: op = Op::Lt; break;
            case Tok::Le: op = Op::Le; break;
            case Tok::Gt: op = Op::Gt; break;
            case Tok::Ge: op = Op::Ge; break;
            default: break;
        }
        if (op != Op::None) {
            std::uint32_t offset = m_tok.offset;
            advance();
            return binary(op, offset, left, additive());
        }
        if (is_word("dans")) {
            std::uint32_t offset = m_tok.offset;
            advance();
            expect(Tok::LParen, "(");
            std::vector<std::uint32_t> items;
            items.push_back(expression());
            while (!m_failed && m_tok.kind == Tok::Semicolon) {
                advance();
                items.push_back(expression());
            }
            expect(Tok::RParen, ")");
            Node list;
            list.kind = NodeKind::List;
            list.offset = offset;
            return binary(Op::In, offset, left, add(list, items));
        }
        return left;
    }

    std::uint32_t additive() {
        return left_associative(&Parser::multiplicative, [&] {
            return m_tok.kind == Tok::Plus ? Op::Add : m_tok.kind == Tok::Minus ? Op::Sub : Op::None;
        });
    }

    std::uint32_t multiplicative() {
        return left_associative(&Parser::unary, [&] {
            return m_tok.kind == Tok::Star ? Op::Mul : m_tok.kind == Tok::Slash ? Op::Div : Op::None;
        });
    }

    std::uint32_t unary() {
        if (m_tok.kind == Tok::Minus) {
            if (++m_depth > max_depth) {
                fail(m_tok.offset, "expression trop imbriquée");
                return 0;
            }
            Node n;
            n.kind = NodeKind::Unary;
            n.op = Op::Neg;
            n.offset = m_tok.offset;
            advance();
            std::uint32_t operand = unary();
            --m_depth;
            return add(n, {operand});
        }
        return primary();
    }

    std::uint32_t primary() {
        Node n;
        n.offset = m_tok.offset;
        switch (m_tok.kind) {
            case Tok::Number:
                n.kind = NodeKind::Number;
                n.number = m_tok.number;
                n.unit = m_tok.unit;
                advance();
                return add(n);
            case Tok::Date:
                n.kind = NodeKind::DateLiteral;
                n.date = m_tok.date;
                advance();
                return add(n);
            case Tok::String:
                n.kind = NodeKind::Text;
                n.name = m_tok.text;
                advance();
                return add(n);
            case Tok::LParen: {
                advance();
                std::uint32_t inner = expression();
                expect(Tok::RParen, ")");
                return inner;
            }
            case Tok::Param: {
                n.kind = NodeKind::Param;
                n.name = m_tok.text;
                advance();
                std::vector<std::uint32_t> keys;
                while (!m_failed && m_tok.kind == Tok::LBracket) {
                    advance();
                    keys.push_back(expression());
                    expect(Tok::RBracket, "]");
                }
                return add(n, keys);
            }
            case Tok::Ident: return identifier();
            case Tok::End: fail(m_tok.offset, "expression incomplète"); return 0;
            default: fail(m_tok.offset, "valeur attendue ici"); return 0;
        }
    }

    std::uint32_t identifier() {
        Node n;
        n.offset = m_tok.offset;
        std::string word = m_tok.text;
        if (word == "vrai" || word == "oui" || word == "faux") {
            n.kind = NodeKind::Bool;
            n.number = Decimal::from_int(word == "faux" ? 0 : 1);
            advance();
            return add(n);
        }
        if (word == "date_du_calcul") {
            n.kind = NodeKind::CalcDate;
            advance();
            return add(n);
        }
        if (word == "jours_du_mois") {
            n.kind = NodeKind::DaysInMonth;
            advance();
            return add(n);
        }
        advance();
        if (m_tok.kind != Tok::LParen) {
            n.kind = NodeKind::Name;
            n.name = word;
            return add(n);
        }
        advance();  // (
        n.name = word;
        static const std::array<std::pair<std::string_view, AggregateKind>, 6> aggregates{{
            {"somme", AggregateKind::Sum},
            {"nombre", AggregateKind::Count},
            {"existe", AggregateKind::Exists},
            {"pour_tout", AggregateKind::ForAll},
            {"plus_grand", AggregateKind::MaxOf},
            {"plus_petit", AggregateKind::MinOf},
        }};
        for (auto [name, kind] : aggregates)
            if (word == name) return aggregate(n, kind);
        static const std::array<std::pair<std::string_view, Func>, 15> functions{{
            {"au_mois", Func::AtMonth},
            {"departement", Func::Department},
            {"age_au", Func::AgeAt},
            {"annee", Func::Year},
            {"mois_de", Func::MonthOf},
            {"date", Func::MakeDate},
            {"min", Func::Min},
            {"max", Func::Max},
            {"arrondi", Func::Round},
            {"age", Func::Age},
            {"age_en_mois", Func::AgeInMonths},
            {"bareme", Func::Scale},
            {"grille", Func::Grid},
            {"donnee", Func::Lookup},
            {"table", Func::Lookup},
        }};
        n.kind = NodeKind::Call;
        for (auto [name, func] : functions)
            if (word == name) n.func = func;
        if (n.func == Func::None) {
            fail(n.offset, fmt::format("fonction inconnue « {} »", word));
            return 0;
        }
        std::vector<std::uint32_t> args;
        if (n.func == Func::Lookup) {
            // donnée(table; clé): the table is named, not evaluated
            if (m_tok.kind != Tok::Ident) {
                fail(m_tok.offset, "nom de table attendu");
                return 0;
            }
            Node t;
            t.kind = NodeKind::Text;
            t.name = m_tok.text;
            t.offset = m_tok.offset;
            advance();
            args.push_back(add(t));
            expect(Tok::Semicolon, ";");
            args.push_back(expression());
        } else {
            args.push_back(expression());
            while (!m_failed && m_tok.kind == Tok::Semicolon) {
                advance();
                if (n.func == Func::Round && args.size() == 2 && m_tok.kind == Tok::Ident) {
                    if (m_tok.text == "proche") n.rounding = Rounding::Nearest;
                    else if (m_tok.text == "inferieur") n.rounding = Rounding::Down;
                    else if (m_tok.text == "superieur") n.rounding = Rounding::Up;
                    else fail(m_tok.offset, "sens d'arrondi attendu : proche, inférieur ou supérieur");
                    advance();
                    continue;
                }
                args.push_back(expression());
            }
        }
        expect(Tok::RParen, ")");
        return add(n, args);
    }

    std::uint32_t aggregate(Node n, AggregateKind kind) {
        n.kind = NodeKind::Aggregate;
        n.aggregate = kind;
        if (m_tok.kind != Tok::Ident || (m_tok.text != "enfants" && m_tok.text != "adultes" && m_tok.text != "personnes")) {
            fail(m_tok.offset, "collection attendue : enfants, adultes ou personnes");
            return 0;
        }
        n.collection = m_tok.text == "enfants" ? Collection::Children
                       : m_tok.text == "adultes" ? Collection::Adults
                                                 : Collection::Persons;
        advance();
        std::vector<std::uint32_t> kids;
        if (is_word("ou") || is_word("où")) {
            advance();
            n.has_filter = true;
            kids.push_back(expression());
        }
        bool needs_value = kind == AggregateKind::Sum || kind == AggregateKind::ForAll || kind == AggregateKind::MaxOf ||
                           kind == AggregateKind::MinOf;
        if (needs_value) {
            expect(Tok::Semicolon, ";");
            kids.push_back(expression());
        } else if (kind == AggregateKind::Exists && !n.has_filter) {
            fail(m_tok.offset, "« où » et une condition attendus : existe(enfants où …)");
        }
        expect(Tok::RParen, ")");
        return add(n, kids);
    }
};

}  // namespace

bool parse_expression(std::string_view text, RuleSet& rules, std::uint32_t& root, ParseError& error) {
    Parser parser(text, rules);
    return parser.parse(root, error);
}

}  // namespace borne::engine
