//! The platform's built-in achievements.

use super::{AchievementDefinition, AchievementRule, LocalisedText};

fn define(
    id: &str,
    name: LocalisedText,
    description: LocalisedText,
    icon: &str,
    rule: AchievementRule,
    xp: u32,
) -> AchievementDefinition {
    AchievementDefinition {
        id: id.to_owned(),
        name,
        description,
        icon: icon.to_owned(),
        rule,
        xp,
    }
}

/// The built-in catalogue, seeded at every start.
pub fn default_catalogue() -> Vec<AchievementDefinition> {
    use AchievementRule::{ApprovedReports, ProjectsJoined, Rating};
    let t = LocalisedText::new;
    vec![
        define(
            "first_report",
            t("Первый отчёт", "Алғашқы есеп", "First report"),
            t(
                "Первый одобренный фотоотчёт",
                "Алғашқы мақұлданған фотоесеп",
                "Your first approved photo report",
            ),
            "task_alt",
            ApprovedReports { count: 1 },
            10,
        ),
        define(
            "reports_10",
            t("Десять отчётов", "Он есеп", "Ten reports"),
            t(
                "10 одобренных фотоотчётов",
                "10 мақұлданған фотоесеп",
                "10 approved photo reports",
            ),
            "photo_library",
            ApprovedReports { count: 10 },
            50,
        ),
        define(
            "first_project",
            t("Первый проект", "Алғашқы жоба", "First project"),
            t(
                "Вступление в первый проект",
                "Алғашқы жобаға қосылу",
                "Joined your first project",
            ),
            "group_add",
            ProjectsJoined { count: 1 },
            10,
        ),
        define(
            "projects_5",
            t("Пять проектов", "Бес жоба", "Five projects"),
            t(
                "Участие в 5 проектах",
                "5 жобаға қатысу",
                "Joined 5 projects",
            ),
            "groups",
            ProjectsJoined { count: 5 },
            50,
        ),
        define(
            "rating_100",
            t("Активист", "Белсенді", "Activist"),
            t(
                "Набрать 100 баллов рейтинга",
                "Рейтингте 100 ұпай жинау",
                "Reach a rating of 100",
            ),
            "star",
            Rating { threshold: 100 },
            50,
        ),
        define(
            "rating_250",
            t("Энтузиаст", "Ынталы", "Enthusiast"),
            t(
                "Набрать 250 баллов рейтинга",
                "Рейтингте 250 ұпай жинау",
                "Reach a rating of 250",
            ),
            "stars",
            Rating { threshold: 250 },
            100,
        ),
        define(
            "rating_500",
            t("Эксперт", "Сарапшы", "Expert"),
            t(
                "Набрать 500 баллов рейтинга",
                "Рейтингте 500 ұпай жинау",
                "Reach a rating of 500",
            ),
            "emoji_events",
            Rating { threshold: 500 },
            200,
        ),
        define(
            "master",
            t("Мастер", "Шебер", "Master"),
            t(
                "Набрать 750 баллов рейтинга — максимум",
                "Рейтингте 750 ұпай жинау — ең жоғары деңгей",
                "Reach the maximum rating of 750",
            ),
            "military_tech",
            Rating { threshold: 750 },
            500,
        ),
    ]
}
