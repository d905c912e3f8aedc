//! What notifications say: a title and a body per kind, with `{name}` placeholders that the
//! notifier fills (user text cut and, for Telegram, HTML-escaped) in the recipient's language.

use crate::{Entry, Language, find, t};

/// Titles and bodies of notifications, keyed `<kind>.title` / `<kind>.body` (plus variants).
pub static NOTIFICATION_TEXTS: &[Entry] = &[
    t(
        "task_offered.title",
        "Новое задание",
        "Жаңа тапсырма",
        "New task",
    ),
    t(
        "task_offered.body",
        "{project}: {task}",
        "{project}: {task}",
        "{project}: {task}",
    ),
    t(
        "task_cancelled.title",
        "Задание отменено",
        "Тапсырма тоқтатылды",
        "Task cancelled",
    ),
    t(
        "task_cancelled.body",
        "{project}: {task}",
        "{project}: {task}",
        "{project}: {task}",
    ),
    t(
        "report_waiting.title",
        "Отчёт ждёт проверки",
        "Есеп тексеруді күтуде",
        "A report is waiting for review",
    ),
    t(
        "report_waiting.body",
        "{volunteer} прислал(а) отчёт по заданию «{task}» ({project}), фото: {photos}.",
        "{volunteer} «{task}» тапсырмасы бойынша есеп жіберді ({project}), фото: {photos}.",
        "{volunteer} sent a report for “{task}” ({project}), photos: {photos}.",
    ),
    t(
        "report_approved.title",
        "Отчёт принят",
        "Есеп қабылданды",
        "Report approved",
    ),
    t(
        "report_approved.body",
        "«{task}»: {stars}★. Ваш рейтинг: {rating}.",
        "«{task}»: {stars}★. Сіздің рейтингіңіз: {rating}.",
        "“{task}”: {stars}★. Your rating: {rating}.",
    ),
    t(
        "report_approved.body_no_points",
        "«{task}»: отчёт принят без баллов.",
        "«{task}»: есеп ұпайсыз қабылданды.",
        "“{task}”: approved without points.",
    ),
    t(
        "report_rejected.title",
        "Отчёт отклонён",
        "Есеп қабылданбады",
        "Report rejected",
    ),
    t(
        "report_rejected.body",
        "«{task}»: {reason}. Можно отправить новый отчёт.",
        "«{task}»: {reason}. Жаңа есеп жіберуге болады.",
        "“{task}”: {reason}. You may send a new report.",
    ),
    t(
        "comment.line",
        "Комментарий: {comment}",
        "Пікір: {comment}",
        "Comment: {comment}",
    ),
    t(
        "organizer_approved.title",
        "Вы организатор",
        "Сіз ұйымдастырушысыз",
        "You are an organizer",
    ),
    t(
        "organizer_approved.body",
        "Заявка одобрена: теперь вы можете создавать проекты.",
        "Өтінім мақұлданды: енді жобалар құра аласыз.",
        "Your application was approved: you can now create projects.",
    ),
    t(
        "organizer_rejected.title",
        "Заявка отклонена",
        "Өтінім қабылданбады",
        "Application rejected",
    ),
    t(
        "organizer_rejected.body",
        "Причина: {reason}",
        "Себебі: {reason}",
        "Reason: {reason}",
    ),
    t(
        "project_approved.title",
        "Проект одобрен",
        "Жоба мақұлданды",
        "Project approved",
    ),
    t(
        "project_approved.body",
        "«{project}» опубликован: волонтёры могут присоединиться.",
        "«{project}» жарияланды: еріктілер қосыла алады.",
        "“{project}” is published: volunteers can join.",
    ),
    t(
        "project_rejected.title",
        "Проект отклонён",
        "Жоба қабылданбады",
        "Project rejected",
    ),
    t(
        "project_rejected.body",
        "«{project}»: {reason}",
        "«{project}»: {reason}",
        "“{project}”: {reason}",
    ),
    t(
        "project_deleted.title",
        "Проект удалён",
        "Жоба жойылды",
        "Project deleted",
    ),
    t(
        "project_deleted.body",
        "Проект «{project}», в котором вы участвуете, удалён.",
        "Сіз қатысатын «{project}» жобасы жойылды.",
        "“{project}”, a project you joined, was deleted.",
    ),
    t(
        "achievement_unlocked.title",
        "Новое достижение",
        "Жаңа жетістік",
        "Achievement unlocked",
    ),
    t(
        "achievement_unlocked.body",
        "{achievement}",
        "{achievement}",
        "{achievement}",
    ),
    t("button.no_points", "Без баллов", "Ұпайсыз", "No points"),
    t("button.reject", "Отклонить", "Қабылдамау", "Reject"),
    t("fallback.project", "проект", "жоба", "a project"),
    t("fallback.task", "задание", "тапсырма", "a task"),
    t("fallback.person", "Волонтёр", "Ерікті", "A volunteer"),
];

/// The notification text `code` in `language`, if the table has it.
pub fn notification_text(code: &str, language: Language) -> Option<&'static str> {
    find(NOTIFICATION_TEXTS, code).map(|e| e.text(language))
}
