// borne ticket: the slip of a household, to a file (PDF A4 or 80 mm, ESC/POS bytes, PNG of the raster).
#include "cli_common.hpp"
#include "commands.hpp"
#include "ticket_input.hpp"

#include "borne/engine/evaluator.hpp"
#include "borne/i18n/catalogue.hpp"
#include "borne/kiosk/texts.hpp"
#include "borne/printing/print_ticket.hpp"

#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

namespace borne::cli {

std::optional<printing::Ticket> ticket_from_args(const Args& args, const std::string& path, bool& rules_failed, std::string_view language) {
    rules_failed = false;
    auto month = month_option(args);
    if (!month) {
        fmt::print(stderr, "--month : mois illisible (attendu AAAA-MM)\n");
        return std::nullopt;
    }
    printing::TicketOptions options;
    options.kiosk_version = BORNE_VERSION;
    std::optional<std::string> code = language.empty() ? args.value("--lang") : std::string(language);
    if (code && *code != "fr") {
        // The visitor's language: the slip's words from its catalogue, each item in French beside them.
        std::vector<i18n::LoadError> problems;
        auto catalogues = i18n::Catalogues::load(i18n::default_locale_dir(), {*code}, problems);
        if (!problems.empty() || catalogues.get(*code).code() != *code) {
            fmt::print(stderr, "--lang : {} : {}\n", *code, problems.empty() ? "langue inconnue" : problems.front().message);
            return std::nullopt;
        }
        options.language = catalogues.get(*code);
    }
    if (auto site = args.value("--site")) options.site = *site;
    if (auto code = args.value("--code")) options.resume_code = *code;
    if (auto when = args.value("--rendez-vous")) options.appointment = printing::TicketAppointment{*when, "", ""};
    if (auto at = args.value("--printed-at")) {
        std::tm tm{};
        const char* end = strptime(at->c_str(), "%Y-%m-%d %H:%M", &tm);
        if (!end || *end) {
            fmt::print(stderr, "--printed-at : date illisible (attendu « AAAA-MM-JJ HH:MM »)\n");
            return std::nullopt;
        }
        tm.tm_isdst = -1;
        options.printed_at = std::chrono::system_clock::from_time_t(std::mktime(&tm));
    }
    auto text = read_file(path);
    if (!text) {
        fmt::print(stderr, "{} : fichier illisible\n", path);
        return std::nullopt;
    }
    auto rules = load_rules_or_report(args);
    if (!rules) {
        rules_failed = true;
        return std::nullopt;
    }
    auto parsed = engine::parse_situation(*text, *rules, *month);
    for (const auto& e : parsed.errors) fmt::print(stderr, "{} : {}{}\n", path, e.path.empty() ? "" : e.path + " : ", e.message);
    if (!parsed.situation) return std::nullopt;
    if (args.has("--month")) parsed.situation->month = *month;
    engine::Evaluation evaluation(*rules, *parsed.situation);
    auto results = evaluation.all_aids();
    // The rules' and the engine's texts in the visitor's language, as the kiosk prints them
    // (kiosk_printer.cpp): without it an English slip printed each aid and document in French only.
    const kiosk::LanguageFormatter formatter(options.language);
    options.formatter = &*formatter;
    return printing::build_ticket(evaluation, results, options);
}

int command_ticket(const Args& args) {
    if (args.positional().size() != 1 || !args.has("--out"))
        return usage_error("usage : borne ticket SITUATION.json --out FICHIER [--format a4|80mm|escpos|png] [--lang fr|en|ar]");
    std::string format_word = args.value("--format").value_or("a4");
    auto format = printing::parse_ticket_format(format_word);
    if (!format && format_word != "png") return usage_error("--format : a4, 80mm, escpos ou png");
    bool rules_failed = false;
    auto ticket = ticket_from_args(args, args.positional()[0], rules_failed);
    if (!ticket) return rules_failed ? exit_failed : exit_bad_input;
    std::string bytes = format ? printing::render_ticket(*ticket, *format) : printing::raster_to_png(printing::render_raster(*ticket));
    std::string out = *args.value("--out");
    std::ofstream f(out, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.close();
    if (!f) {
        fmt::print(stderr, "--out : {} n'a pas pu être écrit\n", out);
        return exit_bad_input;
    }
    fmt::print("{} : ticket {} ({} octets, {} aide(s) probable(s), {} à vérifier)\n", out, format_word, bytes.size(), ticket->aids.size(), ticket->to_check.size());
    return exit_ok;
}

}  // namespace borne::cli
