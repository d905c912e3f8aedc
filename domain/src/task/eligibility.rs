//! Who may take a task: the one statement of the rule, used by the command side (accept, decline)
//! and mirrored by the "my tasks" view.

use uuid::Uuid;

use super::Task;
use crate::project::Project;

/// Whether `volunteer` may accept or decline `task` of `project`: they are a member of the
/// project, and the task is meant for every member or lists them among its assignees.
pub fn is_eligible(project: &Project, task: &Task, volunteer: Uuid) -> bool {
    project.is_member(volunteer) && task.targets(volunteer)
}

#[cfg(test)]
mod tests {
    use cqrs_es::Aggregate;

    use super::*;
    use crate::project::ProjectEvent;
    use crate::task::TaskEvent;

    fn project_with(members: &[Uuid]) -> Project {
        let mut project = Project::default();
        for volunteer in members {
            project.apply(ProjectEvent::VolunteerJoined {
                volunteer: *volunteer,
            });
        }
        project
    }

    fn task_for(assignees: Option<Vec<Uuid>>) -> Task {
        let mut task = Task::default();
        task.apply(TaskEvent::TaskCreated {
            project_id: Uuid::nil(),
            owner: Uuid::nil(),
            text: "Собрать мусор".to_owned(),
            deadline_date: None,
            start_time: None,
            end_time: None,
            assignees,
        });
        task
    }

    #[test]
    fn a_member_may_take_a_task_for_every_member() {
        let member = Uuid::now_v7();
        assert!(is_eligible(
            &project_with(&[member]),
            &task_for(None),
            member
        ));
    }

    #[test]
    fn a_non_member_may_not_take_any_task() {
        let outsider = Uuid::now_v7();
        let project = project_with(&[Uuid::now_v7()]);
        assert!(!is_eligible(&project, &task_for(None), outsider));
        assert!(!is_eligible(
            &project,
            &task_for(Some(vec![outsider])),
            outsider
        ));
    }

    #[test]
    fn a_member_not_listed_may_not_take_a_targeted_task() {
        let (listed, other) = (Uuid::now_v7(), Uuid::now_v7());
        let project = project_with(&[listed, other]);
        let task = task_for(Some(vec![listed]));
        assert!(is_eligible(&project, &task, listed));
        assert!(!is_eligible(&project, &task, other));
    }
}
