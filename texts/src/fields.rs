//! Messages of the field-error codes (the `errors[]` of a validation failure, a bot's re-ask).

use crate::{Entry, Language, find, t};

/// The message of a field-error code in `language`; an unknown code reads as `invalid`.
pub fn field_message(code: &str, language: Language) -> &'static str {
    find(FIELD_MESSAGES, code)
        .or_else(|| find(FIELD_MESSAGES, "invalid"))
        .map_or("Invalid value", |e| e.text(language))
}

/// Every field-error code and its message.
#[rustfmt::skip]
pub static FIELD_MESSAGES: &[Entry] = &[
    t("required", "Обязательное поле", "Міндетті өріс", "This field is required"),
    t("too_long", "Слишком длинное значение", "Мән тым ұзын", "Value is too long"),
    t("too_short", "Слишком короткое значение", "Мән тым қысқа", "Value is too short"),
    t("invalid", "Недопустимое значение", "Жарамсыз мән", "Invalid value"),
    t("invalid_email", "Некорректный адрес электронной почты", "Электрондық пошта мекенжайы қате", "Invalid e-mail address"),
    t("invalid_phone", "Некорректный номер телефона", "Телефон нөмірі қате", "Invalid phone number"),
    t("invalid_type", "Неверный тип значения", "Мән түрі қате", "Wrong value type"),
    t("out_of_range", "Значение вне допустимого диапазона", "Мән рұқсат етілген ауқымнан тыс", "Value is out of range"),
    t("unknown_field", "Неизвестное поле", "Белгісіз өріс", "Unknown field"),
    t(
        "moderation_channel_required",
        "Решения по отчётам должны приходить хотя бы одним способом",
        "Есеп шешімдері кемінде бір арнамен келуі керек",
        "Report decisions must keep at least one channel",
    ),
    t(
        "quiet_hours_empty",
        "Начало и конец тихих часов совпадают",
        "Тыныш сағаттардың басы мен соңы бірдей",
        "Quiet hours must not start and end at the same time",
    ),
];
