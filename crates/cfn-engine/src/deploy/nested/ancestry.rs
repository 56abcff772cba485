//! The templates being deployed on this thread, outermost first. A nested template that
//! is one of its own ancestors would nest without end (AWS cannot be asked for that: an
//! S3 template cannot name its own URL before it is uploaded; a local path can).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

thread_local! {
    static OPEN: RefCell<Vec<PathBuf>> = const { RefCell::new(Vec::new()) };
}

/// While alive, `child` (and, for the outermost nested stack, its parent) counts as
/// being deployed.
pub(super) struct Entered {
    pushed: usize,
}

/// Enters `child`, deployed from `parent`; refuses a child already being deployed, with
/// the chain of templates that leads back to it.
pub(super) fn enter(parent: &Path, child: &Path) -> Result<Entered, Vec<PathBuf>> {
    OPEN.with_borrow_mut(|open| {
        let mut pushed = 0;
        if open.is_empty() {
            open.push(parent.to_path_buf());
            pushed += 1;
        }
        if open.iter().any(|ancestor| ancestor == child) {
            let mut chain = open.clone();
            chain.push(child.to_path_buf());
            open.truncate(open.len() - pushed);
            return Err(chain);
        }
        open.push(child.to_path_buf());
        Ok(Entered { pushed: pushed + 1 })
    })
}

impl Drop for Entered {
    fn drop(&mut self) {
        OPEN.with_borrow_mut(|open| open.truncate(open.len().saturating_sub(self.pushed)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_that_is_its_own_ancestor_is_refused_with_the_chain() {
        let (root, a, b) = (
            Path::new("t.yaml"),
            Path::new("a.yaml"),
            Path::new("b.yaml"),
        );
        let outer = enter(root, a).map_err(drop).expect("a is new");
        let inner = enter(a, b).map_err(drop).expect("b is new");
        let chain = enter(b, a).map(drop).expect_err("a is open");
        assert_eq!(chain, [root, a, b, a]);
        assert!(enter(b, root).is_err(), "the outermost template counts");
        drop((inner, outer));
        assert!(enter(root, a).is_ok(), "closed after the deploy");
    }
}
