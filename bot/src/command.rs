//! The slash commands the bot understands.

use teloxide::utils::command::BotCommands;

/// Every command (volunteer and organizer; the menus show each group to its audience).
#[derive(Debug, Clone, PartialEq, Eq, BotCommands)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// Sign in (share the phone) or open the menu; `start p_…` opens a project.
    #[command(description = "start")]
    Start(String),
    /// What the bot can do.
    #[command(description = "help")]
    Help,
    /// Cancel whatever is under way.
    #[command(description = "cancel")]
    Cancel,
    /// Link this Telegram to an app account with the app's one-time code.
    #[command(description = "link an app account")]
    Link(String),
    /// Switch the language.
    #[command(description = "language")]
    Language,
    /// Browse approved projects.
    #[command(description = "projects")]
    Projects,
    /// The projects I joined.
    #[command(description = "my projects")]
    My,
    /// My tasks with Accept/Decline.
    #[command(description = "my tasks")]
    Tasks,
    /// My reports and their state.
    #[command(description = "my reports")]
    Reports,
    /// Rating, level, rank and achievements.
    #[command(description = "rating")]
    Rating,
    /// The top 10.
    #[command(description = "top 10")]
    Top,
    /// Apply to become an organizer.
    #[command(description = "become an organizer")]
    Apply,
    /// Organizers: create a project.
    #[command(description = "new project")]
    NewProject,
    /// Organizers: create a task.
    #[command(description = "new task")]
    NewTask,
    /// Organizers: the moderation queue.
    #[command(description = "moderation queue")]
    Queue,
    /// Organizers: the members of my projects.
    #[command(description = "members")]
    Members,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_and_without_arguments() {
        assert_eq!(
            Command::parse("/link 123456", "bot").ok(),
            Some(Command::Link("123456".to_owned()))
        );
        assert_eq!(
            Command::parse("/start", "bot").ok(),
            Some(Command::Start(String::new()))
        );
        assert_eq!(
            Command::parse("/newproject", "bot").ok(),
            Some(Command::NewProject)
        );
        assert!(Command::parse("/nosuch", "bot").is_err());
    }
}
