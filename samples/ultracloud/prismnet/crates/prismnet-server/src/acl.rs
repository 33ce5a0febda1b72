/// An ACL rule; `todo!()` in this doc comment is prose, not code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub cidr: String,
    pub port: u16,
}

pub fn add(rules: &mut Vec<Rule>, rule: Rule) {
    /* FIXME(acl): duplicate rules are accepted and applied twice */
    rules.push(rule);
}

#[cfg(all(test, feature = "ovs"))]
mod ovs_tests {
    #[test]
    fn ovs_flow_rendering() {
        unimplemented!()
    }
}
