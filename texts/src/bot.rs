//! The Telegram bot's words: every reply, prompt and button label, in ru, kk and en. Placeholders
//! are `{name}`-style and filled by the bot ([`bot_text_with`]); the bot escapes user text before
//! it goes in. Domain refusals are not here: the bot shows the problem's title
//! ([`crate::problem_title`]), so a refusal reads the same in the app and in Telegram.

use crate::{Entry, Language, find, t};

/// The bot text `code` in `language` (the code itself when unknown, so a missing entry shows up
/// in a test instead of an empty message).
pub fn bot_text(code: &'static str, language: Language) -> &'static str {
    find(BOT_TEXTS, code).map_or(code, |e| e.text(language))
}

/// The bot text `code` with each `{key}` replaced by its value.
pub fn bot_text_with(code: &'static str, language: Language, values: &[(&str, &str)]) -> String {
    let mut text = bot_text(code, language).to_owned();
    for (key, value) in values {
        text = text.replace(&format!("{{{key}}}"), value);
    }
    text
}

/// Every bot text.
#[rustfmt::skip]
pub static BOT_TEXTS: &[Entry] = &[
    // command menus
    t("cmd.start", "Начать / войти", "Бастау / кіру", "Start / sign in"),
    t("cmd.projects", "Проекты", "Жобалар", "Projects"),
    t("cmd.my", "Мои проекты", "Менің жобаларым", "My projects"),
    t("cmd.tasks", "Мои задачи", "Менің тапсырмаларым", "My tasks"),
    t("cmd.reports", "Мои отчёты", "Менің есептерім", "My reports"),
    t("cmd.rating", "Рейтинг и достижения", "Рейтинг пен жетістіктер", "Rating and achievements"),
    t("cmd.top", "Топ-10", "Үздік 10", "Top 10"),
    t("cmd.apply", "Стать организатором", "Ұйымдастырушы болу", "Become an organizer"),
    t("cmd.link", "Привязать аккаунт приложения", "Қосымша аккаунтын байлау", "Link an app account"),
    t("cmd.language", "Язык", "Тіл", "Language"),
    t("cmd.help", "Помощь", "Көмек", "Help"),
    t("cmd.cancel", "Отменить", "Болдырмау", "Cancel"),
    t("cmd.newproject", "Новый проект", "Жаңа жоба", "New project"),
    t("cmd.newtask", "Новая задача", "Жаңа тапсырма", "New task"),
    t("cmd.queue", "Отчёты на проверку", "Тексерілетін есептер", "Reports to moderate"),
    t("cmd.members", "Участники", "Қатысушылар", "Members"),
    // identity
    t("start.welcome", "Добро пожаловать в BirQadam! Чтобы войти, поделитесь своим номером телефона кнопкой ниже.", "BirQadam-ға қош келдіңіз! Кіру үшін төмендегі батырмамен өз телефон нөміріңізбен бөлісіңіз.", "Welcome to BirQadam! To sign in, share your own phone number with the button below."),
    t("start.share_phone", "📱 Поделиться номером", "📱 Нөмірмен бөлісу", "📱 Share my phone"),
    t("start.hello", "Здравствуйте, {name}! /help — что я умею.", "Сәлеметсіз бе, {name}! /help — не істей аламын.", "Hello, {name}! /help shows what I can do."),
    t("contact.not_yours", "Это не ваш контакт. Поделитесь своим номером кнопкой «Поделиться номером».", "Бұл сіздің контактіңіз емес. «Нөмірмен бөлісу» батырмасымен өз нөміріңізді жіберіңіз.", "That is not your contact. Share your own number with the “Share my phone” button."),
    t("contact.bad_phone", "Этот номер не подходит: нужен казахстанский номер.", "Бұл нөмір жарамайды: қазақстандық нөмір қажет.", "This number cannot be used: a Kazakhstan number is needed."),
    t("contact.registered", "Готово! Вы зарегистрированы, номер {phone} подтверждён.", "Дайын! Сіз тіркелдіңіз, {phone} нөмірі расталды.", "Done! You are registered and {phone} is confirmed."),
    t("contact.linked", "Готово! Telegram привязан к аккаунту {name}.", "Дайын! Telegram {name} аккаунтына байланды.", "Done! Telegram is linked to the account {name}."),
    t("contact.other_telegram", "Этот номер уже привязан к другому аккаунту Telegram.", "Бұл нөмір басқа Telegram аккаунтына байланған.", "This number is already linked to another Telegram account."),
    t("contact.unverified_claim", "Этот номер указан в аккаунте приложения, но не подтверждён. Если аккаунт ваш, откройте в приложении «Профиль → Привязать Telegram» и отправьте сюда /link КОД. Если нет — нажмите «Номер мой»: номер перейдёт к вам, а тот аккаунт сохранит остальные данные.", "Бұл нөмір қосымшадағы аккаунтта көрсетілген, бірақ расталмаған. Аккаунт сіздікі болса, қосымшада «Профиль → Telegram байлау» ашып, осында /link КОД жіберіңіз. Әйтпесе «Нөмір менікі» басыңыз: нөмір сізге өтеді, ал ол аккаунт қалған деректерін сақтайды.", "An app account lists this number but never confirmed it. If that account is yours, open Profile → Link Telegram in the app and send /link CODE here. If not, tap “The number is mine”: it moves to you, and that account keeps its other data."),
    t("contact.take_number", "Номер мой", "Нөмір менікі", "The number is mine"),
    t("link.usage", "Отправьте /link КОД — шестизначный код из приложения (Профиль → Привязать Telegram).", "/link КОД жіберіңіз — қосымшадағы алты таңбалы код (Профиль → Telegram байлау).", "Send /link CODE with the 6-digit code from the app (Profile → Link Telegram)."),
    t("link.bad_code", "Код неверный или устарел. Получите новый в приложении.", "Код қате немесе ескірген. Қосымшадан жаңасын алыңыз.", "The code is wrong or expired. Get a new one in the app."),
    t("link.already", "Этот Telegram уже привязан к другому аккаунту.", "Бұл Telegram басқа аккаунтқа байланған.", "This Telegram is already linked to another account."),
    t("need.registration", "Сначала войдите: /start", "Алдымен кіріңіз: /start", "Please sign in first: /start"),
    t("need.organizer", "Это могут только одобренные организаторы. Подать заявку: /apply", "Мұны тек бекітілген ұйымдастырушылар жасай алады. Өтінім: /apply", "Only approved organizers can do this. Apply with /apply"),
    // general
    t("help", "Что я умею:\n/projects — проекты\n/my — мои проекты\n/tasks — мои задачи\n/reports — мои отчёты\n/rating — рейтинг и достижения\n/top — топ-10\n/language — язык\n/apply — стать организатором\n/cancel — отменить", "Не істей аламын:\n/projects — жобалар\n/my — менің жобаларым\n/tasks — менің тапсырмаларым\n/reports — менің есептерім\n/rating — рейтинг пен жетістіктер\n/top — үздік 10\n/language — тіл\n/apply — ұйымдастырушы болу\n/cancel — болдырмау", "What I can do:\n/projects — projects\n/my — my projects\n/tasks — my tasks\n/reports — my reports\n/rating — rating and achievements\n/top — top 10\n/language — language\n/apply — become an organizer\n/cancel — cancel"),
    t("help.organizer", "Организатору:\n/newproject — новый проект\n/newtask — новая задача\n/queue — отчёты на проверку\n/members — участники", "Ұйымдастырушыға:\n/newproject — жаңа жоба\n/newtask — жаңа тапсырма\n/queue — тексерілетін есептер\n/members — қатысушылар", "For organizers:\n/newproject — new project\n/newtask — new task\n/queue — reports to moderate\n/members — members"),
    t("unknown", "Не понял вас. /help — список команд.", "Түсінбедім. /help — командалар тізімі.", "I did not understand that. /help lists the commands."),
    t("cancelled", "Отменено.", "Болдырылмады.", "Cancelled."),
    t("error", "Что-то пошло не так на нашей стороне, мы уже разбираемся. Попробуйте ещё раз позже.", "Бізде бір нәрсе дұрыс болмады, біз тексеріп жатырмыз. Кейінірек қайталап көріңіз.", "Something went wrong on our side and we are looking into it. Please try again later."),
    t("stale", "Эта кнопка устарела.", "Бұл батырма ескірген.", "This button is out of date."),
    t("btn.cancel", "✖️ Отмена", "✖️ Болдырмау", "✖️ Cancel"),
    t("btn.back", "⬅️ Назад", "⬅️ Артқа", "⬅️ Back"),
    t("btn.confirm", "✅ Подтвердить", "✅ Растау", "✅ Confirm"),
    t("btn.prev", "◀️", "◀️", "◀️"),
    t("btn.next", "▶️", "▶️", "▶️"),
    t("language.choose", "Выберите язык:", "Тілді таңдаңыз:", "Choose a language:"),
    t("language.set", "Язык: русский.", "Тіл: қазақша.", "Language: English."),
    // volunteer
    t("projects.empty", "Пока нет открытых проектов.", "Әзірге ашық жобалар жоқ.", "No open projects yet."),
    t("projects.title", "Проекты ({page}/{pages}):", "Жобалар ({page}/{pages}):", "Projects ({page}/{pages}):"),
    t("projects.mine", "Мои проекты:", "Менің жобаларым:", "My projects:"),
    t("projects.mine_empty", "Вы ещё не участвуете в проектах. /projects", "Сіз әлі жобаларға қатыспайсыз. /projects", "You have not joined any project yet. /projects"),
    t("project.card", "<b>{title}</b>\n{city} · {type}\n\n{description}", "<b>{title}</b>\n{city} · {type}\n\n{description}", "<b>{title}</b>\n{city} · {type}\n\n{description}"),
    t("btn.join", "➕ Участвовать", "➕ Қатысу", "➕ Join"),
    t("btn.leave", "🚪 Выйти", "🚪 Шығу", "🚪 Leave"),
    t("joined", "Вы участвуете в проекте «{title}».", "Сіз «{title}» жобасына қатысасыз.", "You joined “{title}”."),
    t("left", "Вы вышли из проекта «{title}».", "Сіз «{title}» жобасынан шықтыңыз.", "You left “{title}”."),
    t("tasks.empty", "Задач пока нет.", "Әзірге тапсырмалар жоқ.", "No tasks yet."),
    t("task.card", "📌 {text}\n{project} · {deadline} · {status}", "📌 {text}\n{project} · {deadline} · {status}", "📌 {text}\n{project} · {deadline} · {status}"),
    t("task.no_deadline", "без срока", "мерзімсіз", "no deadline"),
    t("btn.accept", "✅ Принять", "✅ Қабылдау", "✅ Accept"),
    t("btn.decline", "❌ Отклонить", "❌ Бас тарту", "❌ Decline"),
    t("btn.report", "📸 Отчёт", "📸 Есеп", "📸 Report"),
    t("task.accepted", "Задача принята. Пришлите 1–5 фото для отчёта (можно альбомом), затем нажмите «Отправить».", "Тапсырма қабылданды. Есепке 1–5 фото жіберіңіз (альбоммен болады), сосын «Жіберу» басыңыз.", "Task accepted. Send 1–5 photos for the report (an album works), then tap “Send”."),
    t("task.declined", "Вы отказались от задачи.", "Сіз тапсырмадан бас тарттыңыз.", "You declined the task."),
    t("report.start", "Пришлите 1–5 фото для отчёта (можно альбомом), затем нажмите «Отправить».", "Есепке 1–5 фото жіберіңіз (альбоммен болады), сосын «Жіберу» басыңыз.", "Send 1–5 photos for the report (an album works), then tap “Send”."),
    t("report.added", "Фото добавлено ({n}/5).", "Фото қосылды ({n}/5).", "Photo added ({n}/5)."),
    t("report.too_many", "В отчёте не больше 5 фото — это фото не добавлено.", "Есепте 5 фотодан артық болмайды — бұл фото қосылмады.", "A report holds at most 5 photos — this one was not added."),
    t("report.not_image", "Это не изображение. Пришлите фото (JPEG, PNG или WebP).", "Бұл сурет емес. Фото жіберіңіз (JPEG, PNG немесе WebP).", "That is not an image. Send a photo (JPEG, PNG or WebP)."),
    t("report.no_draft", "Сначала выберите задачу: /tasks", "Алдымен тапсырманы таңдаңыз: /tasks", "Pick a task first: /tasks"),
    t("btn.send", "📤 Отправить ({n}/5)", "📤 Жіберу ({n}/5)", "📤 Send ({n}/5)"),
    t("btn.comment", "💬 Комментарий", "💬 Түсініктеме", "💬 Add comment"),
    t("report.comment_prompt", "Напишите комментарий к отчёту.", "Есепке түсініктеме жазыңыз.", "Write a comment for the report."),
    t("report.comment_saved", "Комментарий сохранён.", "Түсініктеме сақталды.", "Comment saved."),
    t("report.sent", "Отчёт отправлен на проверку ({n} фото).", "Есеп тексеруге жіберілді ({n} фото).", "Report sent for moderation ({n} photos)."),
    t("report.need_photo", "Добавьте хотя бы одно фото.", "Кемінде бір фото қосыңыз.", "Add at least one photo."),
    t("reports.empty", "Отчётов пока нет.", "Әзірге есептер жоқ.", "No reports yet."),
    t("reports.title", "Мои отчёты:", "Менің есептерім:", "My reports:"),
    t("report.status.pending", "на проверке", "тексерілуде", "pending"),
    t("report.status.approved", "одобрен", "бекітілді", "approved"),
    t("report.status.rejected", "отклонён", "қабылданбады", "rejected"),
    t("rating", "⭐ Рейтинг: {rating}\n🏅 Уровень: {level}\n🏆 Место: {rank}", "⭐ Рейтинг: {rating}\n🏅 Деңгей: {level}\n🏆 Орын: {rank}", "⭐ Rating: {rating}\n🏅 Level: {level}\n🏆 Rank: {rank}"),
    t("rating.achievements", "Достижения:", "Жетістіктер:", "Achievements:"),
    t("top.title", "Топ-10:", "Үздік 10:", "Top 10:"),
    t("top.empty", "Рейтинг пока пуст.", "Рейтинг әзірге бос.", "The leaderboard is empty."),
    // organizer
    t("apply.name", "Название организации?", "Ұйымның атауы?", "The organisation's name?"),
    t("apply.description", "Чем занимается организация?", "Ұйым немен айналысады?", "What does the organisation do?"),
    t("apply.city", "Город?", "Қала?", "City?"),
    t("apply.sent", "Заявка отправлена. Мы сообщим о решении.", "Өтінім жіберілді. Шешімді хабарлаймыз.", "Application sent. We will tell you the decision."),
    t("project.ask.title", "Новый проект. Название? (до 200 символов)", "Жаңа жоба. Атауы? (200 таңбаға дейін)", "New project. Title? (up to 200 characters)"),
    t("project.ask.description", "Описание? (до 5000 символов)", "Сипаттама? (5000 таңбаға дейін)", "Description? (up to 5000 characters)"),
    t("project.ask.type", "Направление?", "Бағыты?", "Kind of volunteering?"),
    t("project.ask.city", "Город?", "Қала?", "City?"),
    t("project.confirm", "Проверьте:\n<b>{title}</b>\n{city} · {type}\n\n{description}", "Тексеріңіз:\n<b>{title}</b>\n{city} · {type}\n\n{description}", "Please check:\n<b>{title}</b>\n{city} · {type}\n\n{description}"),
    t("project.created", "Проект создан и ждёт одобрения администратора.", "Жоба құрылды, әкімшінің бекітуін күтуде.", "Project created; it awaits an admin's approval."),
    t("project.invalid", "Не подходит: {reason}. Попробуйте ещё раз.", "Жарамайды: {reason}. Қайталап көріңіз.", "That does not fit: {reason}. Please try again."),
    t("type.social", "Социальное", "Әлеуметтік", "Social"),
    t("type.environmental", "Экология", "Экология", "Environmental"),
    t("type.cultural", "Культура", "Мәдениет", "Cultural"),
    t("task.pick_project", "Для какого проекта задача?", "Тапсырма қай жобаға?", "Which project is the task for?"),
    t("task.no_projects", "У вас нет одобренных проектов.", "Сізде бекітілген жобалар жоқ.", "You have no approved projects."),
    t("task.recipients", "Кому? Все участники или выберите.", "Кімге? Барлық қатысушылар немесе таңдаңыз.", "For whom? All members, or pick some."),
    t("btn.all_members", "👥 Всем участникам", "👥 Барлық қатысушыларға", "👥 All members"),
    t("btn.done", "➡️ Далее", "➡️ Әрі қарай", "➡️ Next"),
    t("task.ask.text", "Текст задачи?", "Тапсырма мәтіні?", "The task's text?"),
    t("task.ask.deadline", "Срок по времени Алматы: ГГГГ-ММ-ДД или ГГГГ-ММ-ДД ЧЧ:ММ. Или «Без срока».", "Алматы уақытымен мерзім: ЖЖЖЖ-АА-КК немесе ЖЖЖЖ-АА-КК СС:ММ. Немесе «Мерзімсіз».", "Deadline in Almaty time: YYYY-MM-DD or YYYY-MM-DD HH:MM. Or “No deadline”."),
    t("btn.no_deadline", "Без срока", "Мерзімсіз", "No deadline"),
    t("task.bad_deadline", "Не понял дату. Пример: 2026-12-24 18:00", "Күнді түсінбедім. Мысал: 2026-12-24 18:00", "I could not read that date. Example: 2026-12-24 18:00"),
    t("task.created", "Задача создана.", "Тапсырма құрылды.", "Task created."),
    t("queue.empty", "Отчётов на проверку нет.", "Тексерілетін есептер жоқ.", "No reports to moderate."),
    t("queue.card", "Отчёт: {volunteer}\nЗадача: {task}\nКомментарий: {comment}", "Есеп: {volunteer}\nТапсырма: {task}\nТүсініктеме: {comment}", "Report by {volunteer}\nTask: {task}\nComment: {comment}"),
    t("btn.no_points", "👍 Без баллов", "👍 Ұпайсыз", "👍 No points"),
    t("btn.reject", "🚫 Отклонить", "🚫 Қабылдамау", "🚫 Reject"),
    t("moderation.comment", "Оценка ★{stars}: напишите комментарий для волонтёра (обязательно).", "★{stars} бағасы: волонтёрге түсініктеме жазыңыз (міндетті).", "★{stars}: write a comment for the volunteer (required)."),
    t("moderation.comment_empty", "Комментарий не может быть пустым.", "Түсініктеме бос болмауы керек.", "The comment cannot be empty."),
    t("moderation.reason", "Напишите причину отклонения.", "Қабылдамау себебін жазыңыз.", "Write the reason for the rejection."),
    t("moderation.approved", "Отчёт одобрен ★{stars}.", "Есеп бекітілді ★{stars}.", "Report approved ★{stars}."),
    t("moderation.approved_no_points", "Отчёт одобрен без баллов.", "Есеп ұпайсыз бекітілді.", "Report approved without points."),
    t("moderation.rejected", "Отчёт отклонён.", "Есеп қабылданбады.", "Report rejected."),
    t("members.title", "Участники «{title}»:", "«{title}» қатысушылары:", "Members of “{title}”:"),
    t("members.empty", "Участников пока нет.", "Әзірге қатысушылар жоқ.", "No members yet."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_the_chosen_language() {
        assert_eq!(
            bot_text_with("joined", Language::En, &[("title", "Park")]),
            "You joined “Park”."
        );
        assert_eq!(bot_text("cancelled", Language::Kk), "Болдырылмады.");
    }

    #[test]
    fn every_placeholder_is_the_same_in_every_language() {
        for entry in BOT_TEXTS {
            let keys = |text: &str| {
                let mut keys: Vec<String> = text
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split('}').next().map(str::to_owned))
                    .collect();
                keys.sort();
                keys
            };
            let ru = keys(entry.texts[0]);
            assert!(entry.texts.iter().all(|t| keys(t) == ru), "{}", entry.code);
        }
    }
}
