//! The catalogue of every problem code and field-error code, with its HTTP status and its text in
//! Russian (the default), Kazakh and English. A static table: adding a code is one line here plus
//! one match arm where the error is produced.

use axum::http::StatusCode;
use birqadam_domain::values::Language;

/// One problem code: its status and its title in ru, kk, en.
#[derive(Debug, Clone, Copy)]
pub struct ProblemEntry {
    /// The stable code, e.g. `report.already_moderated`.
    pub code: &'static str,
    /// The HTTP status this code is always sent with.
    pub status: u16,
    /// Titles: Russian, Kazakh, English.
    pub titles: [&'static str; 3],
}

const fn p(
    code: &'static str,
    status: u16,
    ru: &'static str,
    kk: &'static str,
    en: &'static str,
) -> ProblemEntry {
    ProblemEntry {
        code,
        status,
        titles: [ru, kk, en],
    }
}

/// Every problem code the API may send.
#[rustfmt::skip]
pub static PROBLEMS: &[ProblemEntry] = &[
    // generic
    p("validation.failed", 422, "Ошибка проверки данных", "Деректерді тексеру қатесі", "Validation failed"),
    p("forbidden", 403, "Доступ запрещён", "Қол жеткізуге тыйым салынған", "Forbidden"),
    p("not_found", 404, "Не найдено", "Табылмады", "Not found"),
    p("conflict", 409, "Данные изменились одновременно, повторите попытку", "Деректер бір мезгілде өзгерді, қайталап көріңіз", "Concurrent modification, try again"),
    p("internal", 500, "Внутренняя ошибка сервера", "Сервердің ішкі қатесі", "Internal server error"),
    p("rate_limited", 429, "Слишком много запросов", "Сұраныстар тым көп", "Too many requests"),
    p("method_not_allowed", 405, "Метод не поддерживается", "Әдіс қолдау көрсетілмейді", "Method not allowed"),
    p("service.busy", 503, "Сервер перегружен, повторите попытку позже", "Сервер шамадан тыс жүктелген, кейінірек қайталап көріңіз", "Server busy, try again later"),
    p("service.not_ready", 503, "Сервис ещё не готов", "Қызмет әлі дайын емес", "Service not ready"),
    // request shape
    p("request.malformed_json", 400, "Некорректный JSON", "JSON қате", "Malformed JSON"),
    p("request.unsupported_media_type", 415, "Неподдерживаемый тип содержимого", "Мазмұн түріне қолдау көрсетілмейді", "Unsupported media type"),
    p("request.too_large", 413, "Слишком большой запрос", "Сұраныс тым үлкен", "Request too large"),
    p("request.invalid_query", 400, "Некорректные параметры запроса", "Сұраныс параметрлері қате", "Invalid query parameters"),
    p("request.timeout", 408, "Время ожидания запроса истекло", "Сұраныстың күту уақыты бітті", "Request timed out"),
    // idempotency
    p("idempotency.key_reused", 409, "Ключ идемпотентности уже использован с другим запросом", "Идемпотенттік кілті басқа сұраныспен қолданылған", "Idempotency key reused with a different request"),
    p("idempotency.in_progress", 409, "Запрос с этим ключом ещё выполняется", "Осы кілтпен сұраныс әлі орындалуда", "A request with this key is still in progress"),
    p("idempotency.invalid_key", 400, "Некорректный ключ идемпотентности", "Идемпотенттік кілті қате", "Invalid idempotency key"),
    // auth
    p("auth.required", 401, "Требуется вход", "Кіру қажет", "Authentication required"),
    p("auth.invalid_credentials", 401, "Неверный логин или пароль", "Логин немесе құпиясөз қате", "Invalid login or password"),
    p("auth.invalid_token", 401, "Недействительный токен", "Жарамсыз токен", "Invalid token"),
    p("auth.token_expired", 401, "Срок действия токена истёк", "Токеннің мерзімі өтті", "Token expired"),
    p("auth.refresh_reused", 401, "Токен обновления уже использован", "Жаңарту токені бұрын қолданылған", "Refresh token reused"),
    // accounts
    p("account.email_taken", 409, "Этот email уже зарегистрирован", "Бұл email тіркелген", "E-mail already registered"),
    p("account.phone_taken", 409, "Этот номер телефона уже зарегистрирован", "Бұл телефон нөмірі тіркелген", "Phone number already registered"),
    p("account.telegram_taken", 409, "Этот Telegram уже привязан к другому аккаунту", "Бұл Telegram басқа аккаунтқа байланған", "Telegram account already linked"),
    // organizers
    p("organizer.not_approved", 403, "Вы не одобренный организатор", "Сіз бекітілген ұйымдастырушы емессіз", "Not an approved organizer"),
    p("organizer.application_pending", 409, "Заявка уже на рассмотрении", "Өтінім қаралуда", "Application already pending"),
    p("organizer.already_approved", 409, "Вы уже организатор", "Сіз ұйымдастырушысыз", "Already an approved organizer"),
    p("organizer.no_pending_application", 409, "Нет заявки на рассмотрении", "Қаралудағы өтінім жоқ", "No pending application"),
    // projects, tasks, assignments
    p("project.not_open", 409, "Проект закрыт для участия", "Жоба қатысуға жабық", "Project is not open"),
    p("project.full", 409, "В проекте нет свободных мест", "Жобада бос орын жоқ", "Project is full"),
    p("project.already_member", 409, "Вы уже участник проекта", "Сіз жобаға қатысушысыз", "Already a member"),
    p("task.not_open", 409, "Задача закрыта", "Тапсырма жабық", "Task is not open"),
    p("assignment.not_accepted", 409, "Задача не принята", "Тапсырма қабылданбаған", "Task not accepted"),
    p("project.not_member", 409, "Вы не участник проекта", "Сіз жобаға қатыспайсыз", "Not a member of the project"),
    p("project.deleted", 409, "Проект удалён", "Жоба жойылған", "Project is deleted"),
    p("project.already_approved", 409, "Проект уже одобрен", "Жоба бекітілген", "Project already approved"),
    p("project.already_exists", 409, "Проект уже существует", "Жоба бар", "Project already exists"),
    p("task.already_exists", 409, "Задача уже существует", "Тапсырма бар", "Task already exists"),
    p("assignment.report_submitted", 409, "Отчёт уже отправлен", "Есеп жіберілген", "A report was already submitted"),
    p("account.already_registered", 409, "Аккаунт уже зарегистрирован", "Аккаунт тіркелген", "Account already registered"),
    p("request.malformed_multipart", 400, "Некорректный multipart-запрос", "Multipart сұранысы қате", "Malformed multipart body"),
    p("request.invalid_cursor", 400, "Некорректный курсор", "Курсор қате", "Invalid cursor"),
    // reports
    p("report.pending_exists", 409, "Отчёт уже ожидает проверки", "Есеп тексеруді күтуде", "A report is already pending"),
    p("report.already_approved", 409, "Отчёт уже одобрен", "Есеп бекітілген", "Report already approved"),
    p("report.already_moderated", 409, "Отчёт уже проверен", "Есеп тексерілген", "Report already moderated"),
    p("report.comment_required", 422, "Комментарий обязателен при оценке 3 и ниже", "3 және одан төмен бағаға түсініктеме міндетті", "A comment is required for 3 stars or fewer"),
    // uploads
    p("upload.too_many_files", 422, "Нужно от 1 до 5 фотографий", "1-ден 5-ке дейін фото қажет", "Send 1 to 5 photos"),
    p("upload.too_large", 413, "Файл слишком большой", "Файл тым үлкен", "File too large"),
    p("upload.unsupported_type", 415, "Неподдерживаемый формат изображения", "Сурет пішіміне қолдау көрсетілмейді", "Unsupported image type"),
    p("upload.too_many_pixels", 422, "Слишком большое разрешение изображения", "Сурет ажыратымдылығы тым үлкен", "Image resolution too large"),
    p("upload.corrupt", 422, "Изображение повреждено", "Сурет бүлінген", "Image is corrupt"),
];

/// One field-error code (inside `errors[]`) and its message in ru, kk, en.
#[derive(Debug, Clone, Copy)]
pub struct FieldEntry {
    /// The stable code, e.g. `required`.
    pub code: &'static str,
    /// Messages: Russian, Kazakh, English.
    pub messages: [&'static str; 3],
}

const fn f(code: &'static str, ru: &'static str, kk: &'static str, en: &'static str) -> FieldEntry {
    FieldEntry {
        code,
        messages: [ru, kk, en],
    }
}

/// Every field-error code.
#[rustfmt::skip]
pub static FIELD_CODES: &[FieldEntry] = &[
    f("required", "Обязательное поле", "Міндетті өріс", "This field is required"),
    f("too_long", "Слишком длинное значение", "Мән тым ұзын", "Value is too long"),
    f("too_short", "Слишком короткое значение", "Мән тым қысқа", "Value is too short"),
    f("invalid", "Недопустимое значение", "Жарамсыз мән", "Invalid value"),
    f("invalid_email", "Некорректный адрес электронной почты", "Электрондық пошта мекенжайы қате", "Invalid e-mail address"),
    f("invalid_phone", "Некорректный номер телефона", "Телефон нөмірі қате", "Invalid phone number"),
    f("invalid_type", "Неверный тип значения", "Мән түрі қате", "Wrong value type"),
    f("out_of_range", "Значение вне допустимого диапазона", "Мән рұқсат етілген ауқымнан тыс", "Value is out of range"),
    f("unknown_field", "Неизвестное поле", "Белгісіз өріс", "Unknown field"),
];

fn index(language: Language) -> usize {
    match language {
        Language::Ru => 0,
        Language::Kk => 1,
        Language::En => 2,
    }
}

/// The catalogue entry of a problem code, if it is known.
pub fn problem(code: &str) -> Option<&'static ProblemEntry> {
    PROBLEMS.iter().find(|e| e.code == code)
}

/// The status of a code; 500 for an unknown code (a bug, logged by the caller).
pub fn status_of(code: &str) -> StatusCode {
    problem(code)
        .and_then(|e| StatusCode::from_u16(e.status).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The localised title of a problem code; falls back to the status's reason phrase.
pub fn title(code: &str, status: StatusCode, language: Language) -> &'static str {
    match problem(code) {
        Some(e) => e.titles[index(language)],
        None => status.canonical_reason().unwrap_or("Error"),
    }
}

/// The localised message of a field-error code; falls back to the generic `invalid` message.
pub fn field_message(code: &str, language: Language) -> &'static str {
    let entry = FIELD_CODES
        .iter()
        .find(|e| e.code == code)
        .or_else(|| FIELD_CODES.iter().find(|e| e.code == "invalid"));
    entry.map_or("Invalid value", |e| e.messages[index(language)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes `API.md` promises; every one must be in the catalogue.
    const API_MD_CODES: &[&str] = &[
        "validation.failed",
        "auth.invalid_credentials",
        "auth.token_expired",
        "auth.refresh_reused",
        "account.email_taken",
        "account.phone_taken",
        "forbidden",
        "not_found",
        "organizer.not_approved",
        "project.not_open",
        "project.full",
        "project.already_member",
        "task.not_open",
        "assignment.not_accepted",
        "report.pending_exists",
        "report.already_approved",
        "report.already_moderated",
        "report.comment_required",
        "upload.too_many_files",
        "upload.too_large",
        "upload.unsupported_type",
        "idempotency.key_reused",
    ];

    #[test]
    fn every_code_of_api_md_is_in_the_catalogue() {
        for code in API_MD_CODES {
            assert!(problem(code).is_some(), "missing {code}");
        }
    }

    #[test]
    fn codes_are_unique_and_statuses_valid() {
        for (i, e) in PROBLEMS.iter().enumerate() {
            assert!(
                PROBLEMS[i + 1..].iter().all(|o| o.code != e.code),
                "duplicate {}",
                e.code
            );
            assert!(
                StatusCode::from_u16(e.status).is_ok(),
                "bad status for {}",
                e.code
            );
            assert!(e.titles.iter().all(|t| !t.is_empty()));
        }
    }

    #[test]
    fn not_found_is_localised() {
        let s = StatusCode::NOT_FOUND;
        assert_eq!(title("not_found", s, Language::Ru), "Не найдено");
        assert_eq!(title("not_found", s, Language::Kk), "Табылмады");
        assert_eq!(title("not_found", s, Language::En), "Not found");
        assert_eq!(field_message("required", Language::Kk), "Міндетті өріс");
        assert_eq!(field_message("no_such_code", Language::En), "Invalid value");
    }

    #[test]
    fn photo_error_codes_are_in_the_catalogue() {
        use birqadam_photos::PhotoError;
        for e in [
            PhotoError::TooLarge,
            PhotoError::UnsupportedType,
            PhotoError::TooManyPixels,
        ] {
            assert!(problem(e.code()).is_some(), "missing {}", e.code());
        }
    }
}
