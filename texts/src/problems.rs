//! Titles of the problem codes: what went wrong, in a few words.

use crate::{Entry, Language, find, t};

/// The title of a problem code in `language`, if the code is known.
pub fn problem_title(code: &str, language: Language) -> Option<&'static str> {
    find(PROBLEM_TITLES, code).map(|e| e.text(language))
}

/// Every problem code and its title.
#[rustfmt::skip]
pub static PROBLEM_TITLES: &[Entry] = &[
    // generic
    t("validation.failed", "Ошибка проверки данных", "Деректерді тексеру қатесі", "Validation failed"),
    t("forbidden", "Доступ запрещён", "Қол жеткізуге тыйым салынған", "Forbidden"),
    t("not_found", "Не найдено", "Табылмады", "Not found"),
    t("conflict", "Данные изменились одновременно, повторите попытку", "Деректер бір мезгілде өзгерді, қайталап көріңіз", "Concurrent modification, try again"),
    t("internal", "Внутренняя ошибка сервера", "Сервердің ішкі қатесі", "Internal server error"),
    t("rate_limited", "Слишком много запросов", "Сұраныстар тым көп", "Too many requests"),
    t("method_not_allowed", "Метод не поддерживается", "Әдіс қолдау көрсетілмейді", "Method not allowed"),
    t("service.busy", "Сервер перегружен, повторите попытку позже", "Сервер шамадан тыс жүктелген, кейінірек қайталап көріңіз", "Server busy, try again later"),
    t("service.not_ready", "Сервис ещё не готов", "Қызмет әлі дайын емес", "Service not ready"),
    // request shape
    t("request.malformed_json", "Некорректный JSON", "JSON қате", "Malformed JSON"),
    t("request.unsupported_media_type", "Неподдерживаемый тип содержимого", "Мазмұн түріне қолдау көрсетілмейді", "Unsupported media type"),
    t("request.too_large", "Слишком большой запрос", "Сұраныс тым үлкен", "Request too large"),
    t("request.invalid_query", "Некорректные параметры запроса", "Сұраныс параметрлері қате", "Invalid query parameters"),
    t("request.timeout", "Время ожидания запроса истекло", "Сұраныстың күту уақыты бітті", "Request timed out"),
    // idempotency
    t("idempotency.key_reused", "Ключ идемпотентности уже использован с другим запросом", "Идемпотенттік кілті басқа сұраныспен қолданылған", "Idempotency key reused with a different request"),
    t("idempotency.in_progress", "Запрос с этим ключом ещё выполняется", "Осы кілтпен сұраныс әлі орындалуда", "A request with this key is still in progress"),
    t("idempotency.invalid_key", "Некорректный ключ идемпотентности", "Идемпотенттік кілті қате", "Invalid idempotency key"),
    // auth
    t("auth.required", "Требуется вход", "Кіру қажет", "Authentication required"),
    t("auth.invalid_credentials", "Неверный логин или пароль", "Логин немесе құпиясөз қате", "Invalid login or password"),
    t("auth.invalid_token", "Недействительный токен", "Жарамсыз токен", "Invalid token"),
    t("auth.token_expired", "Срок действия токена истёк", "Токеннің мерзімі өтті", "Token expired"),
    t("auth.refresh_reused", "Токен обновления уже использован", "Жаңарту токені бұрын қолданылған", "Refresh token reused"),
    // accounts
    t("account.email_taken", "Этот email уже зарегистрирован", "Бұл email тіркелген", "E-mail already registered"),
    t("account.phone_taken", "Этот номер телефона уже зарегистрирован", "Бұл телефон нөмірі тіркелген", "Phone number already registered"),
    t("account.telegram_taken", "Этот Telegram уже привязан к другому аккаунту", "Бұл Telegram басқа аккаунтқа байланған", "Telegram account already linked"),
    // organizers
    t("organizer.not_approved", "Вы не одобренный организатор", "Сіз бекітілген ұйымдастырушы емессіз", "Not an approved organizer"),
    t("organizer.application_pending", "Заявка уже на рассмотрении", "Өтінім қаралуда", "Application already pending"),
    t("organizer.already_approved", "Вы уже организатор", "Сіз ұйымдастырушысыз", "Already an approved organizer"),
    t("organizer.no_pending_application", "Нет заявки на рассмотрении", "Қаралудағы өтінім жоқ", "No pending application"),
    t("telegram.already_linked", "К аккаунту уже привязан другой Telegram", "Аккаунтқа басқа Telegram байланған", "Another Telegram account is linked"),
    t("telegram.not_linked", "Telegram не привязан", "Telegram байланбаған", "No Telegram account is linked"),
    // projects, tasks, assignments
    t("project.not_open", "Проект закрыт для участия", "Жоба қатысуға жабық", "Project is not open"),
    t("project.full", "В проекте нет свободных мест", "Жобада бос орын жоқ", "Project is full"),
    t("project.already_member", "Вы уже участник проекта", "Сіз жобаға қатысушысыз", "Already a member"),
    t("task.not_open", "Задача закрыта", "Тапсырма жабық", "Task is not open"),
    t("assignment.not_accepted", "Задача не принята", "Тапсырма қабылданбаған", "Task not accepted"),
    t("project.not_member", "Вы не участник проекта", "Сіз жобаға қатыспайсыз", "Not a member of the project"),
    t("project.deleted", "Проект удалён", "Жоба жойылған", "Project is deleted"),
    t("project.already_approved", "Проект уже одобрен", "Жоба бекітілген", "Project already approved"),
    t("project.already_exists", "Проект уже существует", "Жоба бар", "Project already exists"),
    t("task.already_exists", "Задача уже существует", "Тапсырма бар", "Task already exists"),
    t("assignment.report_submitted", "Отчёт уже отправлен", "Есеп жіберілген", "A report was already submitted"),
    t("account.already_registered", "Аккаунт уже зарегистрирован", "Аккаунт тіркелген", "Account already registered"),
    t("request.malformed_multipart", "Некорректный multipart-запрос", "Multipart сұранысы қате", "Malformed multipart body"),
    t("request.invalid_cursor", "Некорректный курсор", "Курсор қате", "Invalid cursor"),
    // reports
    t("report.pending_exists", "Отчёт уже ожидает проверки", "Есеп тексеруді күтуде", "A report is already pending"),
    t("report.already_approved", "Отчёт уже одобрен", "Есеп бекітілген", "Report already approved"),
    t("report.already_moderated", "Отчёт уже проверен", "Есеп тексерілген", "Report already moderated"),
    t("report.comment_required", "Комментарий обязателен при оценке 3 и ниже", "3 және одан төмен бағаға түсініктеме міндетті", "A comment is required for 3 stars or fewer"),
    // uploads
    t("upload.too_many_files", "Нужно от 1 до 5 фотографий", "1-ден 5-ке дейін фото қажет", "Send 1 to 5 photos"),
    t("upload.too_large", "Файл слишком большой", "Файл тым үлкен", "File too large"),
    t("upload.unsupported_type", "Неподдерживаемый формат изображения", "Сурет пішіміне қолдау көрсетілмейді", "Unsupported image type"),
    t("upload.too_many_pixels", "Слишком большое разрешение изображения", "Сурет ажыратымдылығы тым үлкен", "Image resolution too large"),
    t("upload.corrupt", "Изображение повреждено", "Сурет бүлінген", "Image is corrupt"),
];
