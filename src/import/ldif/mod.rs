//! The LDIF importer: an LDAP or Active Directory export (RFC 2849), as
//! `ldapsearch`, `slapcat` and `ldifde` write it.
//!
//! Each file holds content records (see `read` for the syntax read);
//! change records (`changetype: modify`, `delete`, `modrdn`) are skipped,
//! as they are changes, not content. Attribute names and `objectClass`
//! values compare without regard to case, and attribute options
//! (`cn;lang-en`) are dropped. DNs compare normalised (RFC 4514): types
//! and values in lower case, values unescaped and trimmed, spaces around
//! separators ignored. Attributes not named below are ignored.
//!
//! | LDIF | becomes |
//! |---|---|
//! | the `dc=` components at the end of a DN (`dc=example,dc=com`) | an organisation, id the domain (`example.com`); name the `o` of its entry, else the domain; external id `{"ldap": DN}` when it has an entry |
//! | an `ou=` or `o=` component of a DN, with an entry of its own or not; an entry of class `organization`, `organizationalUnit`, `dcObject` or `domain` | an organisation below the nearest such ancestor, id its id, `/` and a slug of the value (`example.com/people/engineering`), named by the value as written; external id `{"ldap": DN}` when it has an entry |
//! | an entry of class `inetOrgPerson`, `organizationalPerson`, `person` or `user`, not `computer` | an individual: id `uid`, else `sAMAccountName`, else `userPrincipalName`, else the first `mail`, in lower case; name `displayName`, else `cn`, else `givenName sn`; emails every `mail`, then the `proxyAddresses` with `SMTP:` (primary) and then `smtp:`, each once; phones every `telephoneNumber`, then `mobile`, each once; external ids `{"ldap": DN}`, `entryUUID` as `ldap-uuid`, `objectGUID` as `ad-guid` (the GUID's text, as Active Directory shows it) |
//! | a person's `department` (else `departmentNumber`) | an organisation below the person's nearest ancestor organisation, id its id, `/` and a slug (`corp.example.com/sales/field-sales`), named as the first person writes it; the person's membership, titled by `title` |
//! | (no department) | the person's membership of their nearest ancestor organisation, titled by `title`; none without one |
//! | `manager` | a reporting line to the person with that DN |
//! | an entry of class `groupOfNames`, `groupOfUniqueNames`, `group` or `posixGroup` | an organisation: id `group:` and a slug of its `cn` (`group:sre-on-call`), named by `cn`; external id `{"ldap": DN}` |
//! | a group's `member`, `uniqueMember` (its optional `#'…'B` uid dropped) and `memberUid` (a person's `uid`) | a membership of that person; a member group's parent is this group, when it is a member of this group alone |
//!
//! A slug is the value in lower case with each run of characters other
//! than letters and digits written `-`, as the SCIM importer makes ids.
//! A department whose id is that of an organisational unit is that unit.
//! The DN as written is kept whole as the `ldap` external id, as the
//! document's rules take any id that is not empty; a DN of more than 64
//! RDNs is a problem.
//!
//! Skipped, each with the reason: change records, Active Directory
//! accounts with `userAccountControl` bit 0x2 set (disabled; a group's
//! reference to one is dropped with it, a manager who is one is a
//! problem), `computer` accounts (a group's reference to one is dropped),
//! entries that are not a person, group or organisational unit
//! (containers such as `CN=Users`, policies), the root DSE (an empty DN),
//! `ldapsearch`'s summary of the search, and a second copy of an entry
//! (the same DN) that agrees with the first.
//!
//! Problems, each naming the file, the line (the one the record starts
//! on, or the malformed line) and the entry by its DN: malformed LDIF
//! (a line without a colon, bad base64, a continuation line with nothing
//! to continue, a record without `dn:`), a value by URL, a base64 value
//! that is not UTF-8 text where text is read, a malformed DN, a person
//! without an id, an email that is not an address, two people or two
//! groups or two organisations whose ids meet, a name without a letter or
//! digit to make an id of, an `objectGUID` that is not 16 bytes, a
//! `userAccountControl` that is not a number, a copy of an entry that
//! differs from the first, and a reference (`manager`, `member`,
//! `uniqueMember`, `memberUid`) to an entry that is not in the files.
//! With [`MissingReferences::Skip`](crate::MissingReferences::Skip) such a
//! reference is left out instead and listed in
//! [`Import::left_out`](crate::Import::left_out): the person is imported
//! without the reporting line, the group without the member.

use std::collections::{HashMap, HashSet};

mod read;

use read::{Attr, Block, Dn, quoted};

use super::session::{Needs, Origin, Seen, Session, Sighting, read_email, slug};
use crate::document::{Individual, Membership, Organisation, Reporting};
use crate::error::Error;

/// The system of the DN in parties' external ids.
const SYSTEM: &str = "ldap";

/// What an entry is, by its classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Person,
    Group,
    Organisation,
    Computer,
    Other,
}

fn class_of(classes: &[String]) -> Class {
    let has = |names: &[&str]| classes.iter().any(|c| names.contains(&c.as_str()));
    if has(&["computer"]) {
        Class::Computer
    } else if has(&["inetorgperson", "organizationalperson", "person", "user"]) {
        Class::Person
    } else if has(&["groupofnames", "groupofuniquenames", "group", "posixgroup"]) {
        Class::Group
    } else if has(&["organization", "organizationalunit", "dcobject", "domain"]) {
        Class::Organisation
    } else {
        Class::Other
    }
}

/// An entry being read: where it is, how messages name it, its DN.
struct Entry<'r> {
    at: Origin,
    label: String,
    dn_text: &'r str,
    dn: Dn,
    attrs: &'r [Attr],
}

impl Entry<'_> {
    fn problem(&self, s: &mut Session<'_>, message: impl std::fmt::Display) {
        s.problem(self.at, None, format!("{}: {message}", self.label));
    }

    /// Every value of `name` as text, trimmed, the empty ones left out;
    /// `Err` (a problem noted at its line) when one given in base64 is
    /// not UTF-8.
    fn texts(&self, s: &mut Session<'_>, name: &str) -> Result<Vec<String>, ()> {
        let mut values = Vec::new();
        let mut fine = true;
        for attr in self.attrs.iter().filter(|a| a.name == name) {
            match std::str::from_utf8(&attr.value) {
                Ok(text) => {
                    let text = text.trim();
                    if !text.is_empty() {
                        values.push(text.to_owned());
                    }
                }
                Err(_) => {
                    let at = Origin {
                        file: self.at.file,
                        line: attr.line,
                    };
                    let message = format!(
                        "{}: {name}:: the base64 value is not UTF-8 text",
                        self.label
                    );
                    s.problem(at, None, message);
                    fine = false;
                }
            }
        }
        if fine { Ok(values) } else { Err(()) }
    }

    /// The first value of `name` as text, as [`Entry::texts`].
    fn text(&self, s: &mut Session<'_>, name: &str) -> Result<Option<String>, ()> {
        Ok(self.texts(s, name)?.into_iter().next())
    }

    /// The raw bytes of the first value of `name`.
    fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_slice())
    }
}

/// A person read.
struct Person {
    at: Origin,
    label: String,
    entry: usize,
    uid: Option<String>,
    id: String,
    name: Option<String>,
    emails: Vec<String>,
    phones: Vec<String>,
    external_ids: Vec<(&'static str, String)>,
    title: Option<String>,
    department: Option<String>,
    manager: Option<String>,
}

/// A group read.
struct Group {
    at: Origin,
    label: String,
    entry: usize,
    id: String,
    name: String,
    /// Each member's DN as written (`member`, `uniqueMember`).
    members: Vec<String>,
    /// Each `memberUid`.
    member_uids: Vec<String>,
}

/// What a DN or a uid stands for.
#[derive(Clone, Copy)]
enum Ref {
    /// A person mapped, by index into the people.
    Person(usize),
    /// A group mapped, by index into the groups.
    Group(usize),
    /// An organisation's entry.
    Organisation,
    /// A disabled account, skipped.
    Disabled,
    /// A computer or another entry, skipped.
    Skipped,
    /// An entry with a problem, already reported.
    Broken,
}

/// An organisation made from a DN: the domain, an `ou=` or `o=`, an
/// organisation's entry.
struct Node {
    /// The DN as written (of the entry, or of the one whose DN named it).
    written: String,
    /// The domain, when the DN is all `dc=` components.
    domain: Option<String>,
    /// The value its id is made from and its name.
    value: String,
    parent: Option<usize>,
    at: Origin,
    /// The entry of this DN, if there is one: its index.
    entry: Option<usize>,
    /// The `o` of the entry, for a domain's name.
    o: Option<String>,
}

/// A reference to an entry not in the files (or not of the kind it must
/// be), in a message naming the entry by `label`: a problem, or left out
/// with what needs it when the import skips missing references (the entry
/// itself stands without it).
fn missing(s: &mut Session<'_>, at: Origin, id: Option<&str>, label: &str, message: String) {
    s.missing(at, id, label, message, Needs::Reference);
}

pub(super) fn import(s: &mut Session<'_>) -> Result<(), Error> {
    let mut blocks = Vec::new();
    for file in 0..s.inputs.len() {
        let parsed = read::parse(&s.inputs[file].text);
        for (line, message) in parsed.problems {
            s.problem(Origin { file, line }, None, message);
        }
        blocks.extend(parsed.blocks.into_iter().map(|b| (file, b)));
    }

    let mut seen = Seen::new();
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut refs: HashMap<String, Ref> = HashMap::new();
    let mut people: Vec<(Person, bool)> = Vec::new();
    let mut groups: Vec<(Group, bool)> = Vec::new();
    let mut uids: HashMap<String, Ref> = HashMap::new();
    let mut org_entries: Vec<usize> = Vec::new();
    for (file, block) in &blocks {
        s.read_record();
        let (line, dn_text, attrs, fine) = match block {
            Block::Broken => continue,
            Block::Summary { line } => {
                let at = Origin {
                    file: *file,
                    line: *line,
                };
                s.skip(
                    at,
                    "search result",
                    "ldapsearch's summary of the search, not an entry",
                );
                continue;
            }
            Block::Change {
                line,
                dn,
                changetype,
            } => {
                let at = Origin {
                    file: *file,
                    line: *line,
                };
                let reason = format!(
                    "a change record (changetype: {}), not content",
                    quoted(changetype)
                );
                s.skip(at, format!("entry {}", quoted(dn)), reason);
                continue;
            }
            Block::Content {
                line,
                dn,
                attrs,
                fine,
            } => (*line, dn.as_str(), attrs.as_slice(), *fine),
        };
        let at = Origin { file: *file, line };
        let label = format!("entry {}", quoted(dn_text));
        let dn = match Dn::parse(dn_text) {
            Ok(dn) => dn,
            Err(e) => {
                s.problem(at, None, format!("{label}: the DN is malformed: {e}"));
                continue;
            }
        };
        if dn.len() == 0 {
            s.skip(at, label, "the root DSE (an empty DN), not an entry");
            continue;
        }
        let copy: Vec<(&str, &[u8])> = attrs
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_slice()))
            .collect();
        match seen.note(dn.key(), copy, at) {
            Sighting::New => {}
            Sighting::Again(first) => {
                let reason = format!("the same entry as {}", s.place(first));
                s.skip(at, label, reason);
                continue;
            }
            Sighting::Differs(first) => {
                let message = format!("{label} differs from the copy at {}", s.place(first));
                s.problem(at, None, message);
                continue;
            }
        }
        let entry = Entry {
            at,
            label,
            dn_text,
            dn,
            attrs,
        };
        let classes = entry.texts(s, "objectclass");
        let class = match &classes {
            Ok(classes) => {
                let lower: Vec<String> = classes.iter().map(|c| c.to_ascii_lowercase()).collect();
                class_of(&lower)
            }
            Err(()) => Class::Other,
        };
        let key = entry.dn.key().to_owned();
        let index = entries.len();
        let reference = match (classes.is_ok() && fine, class) {
            (false, _) => Ref::Broken,
            (true, Class::Computer) => {
                s.skip(at, entry.label.clone(), "a computer account, not a person");
                Ref::Skipped
            }
            (true, Class::Other) => {
                s.skip(
                    at,
                    entry.label.clone(),
                    "not a person, group or organisational unit",
                );
                Ref::Skipped
            }
            (true, Class::Organisation) => {
                org_entries.push(index);
                Ref::Organisation
            }
            (true, Class::Person) => match person(s, &entry, index) {
                None => {
                    if let Ok(Some(uid)) = entry.text(s, "uid") {
                        uids.insert(uid.to_lowercase(), Ref::Disabled);
                    }
                    Ref::Disabled
                }
                Some((p, fine)) => {
                    let reference = if fine {
                        Ref::Person(people.len())
                    } else {
                        Ref::Broken
                    };
                    if let Some(uid) = &p.uid {
                        uids.insert(uid.to_lowercase(), reference);
                    }
                    people.push((p, fine));
                    reference
                }
            },
            (true, Class::Group) => {
                let (g, fine) = group(s, &entry, index);
                let reference = if fine {
                    Ref::Group(groups.len())
                } else {
                    Ref::Broken
                };
                groups.push((g, fine));
                reference
            }
        };
        refs.insert(key, reference);
        entries.push(entry);
    }

    // Ids made from names must not meet.
    let mut taken: HashMap<&str, (Origin, &str)> = HashMap::new();
    let fine_people = people.iter().filter(|(_, f)| *f).map(|(p, _)| p);
    let fine_groups = groups.iter().filter(|(_, f)| *f).map(|(g, _)| g);
    for (id, at, label) in fine_people
        .map(|p| (&p.id, p.at, &p.label))
        .chain(fine_groups.map(|g| (&g.id, g.at, &g.label)))
    {
        if let Some((first, first_label)) = taken.get(id.as_str()) {
            let message = format!(
                "{label}: its id {} is already that of {first_label} at {}",
                quoted(id),
                s.place(*first)
            );
            s.problem(at, Some(id), message);
        } else {
            taken.insert(id, (at, label));
        }
    }

    let (node_ids, by_key) = organisations(s, &entries, &people, &groups, &org_entries);
    map_people(s, &entries, &people, &refs, &node_ids, &by_key);
    map_groups(s, &entries, &people, &groups, &refs, &uids);
    Ok(())
}

/// Reads a person: `None` when the account is disabled (and skipped);
/// else the person and whether it is fine.
fn person(s: &mut Session<'_>, e: &Entry<'_>, index: usize) -> Option<(Person, bool)> {
    let mut fine = true;
    match e.text(s, "useraccountcontrol") {
        Ok(Some(uac)) => match uac.parse::<i64>() {
            Ok(flags) if flags & 2 != 0 => {
                let reason = format!("a disabled account (userAccountControl {flags} has 0x2 set)");
                s.skip(e.at, e.label.clone(), reason);
                return None;
            }
            Ok(_) => {}
            Err(_) => {
                e.problem(
                    s,
                    format!("userAccountControl {} is not a number", quoted(&uac)),
                );
                fine = false;
            }
        },
        Ok(None) => {}
        Err(()) => fine = false,
    }
    let mut text = |s: &mut Session<'_>, name: &str| {
        e.text(s, name).unwrap_or_else(|()| {
            fine = false;
            None
        })
    };
    let uid = text(s, "uid");
    let sam = text(s, "samaccountname");
    let upn = text(s, "userprincipalname");
    let display = text(s, "displayname");
    let cn = text(s, "cn");
    let given = text(s, "givenname");
    let sn = text(s, "sn");
    let title = text(s, "title");
    let department = text(s, "department");
    let department_number = text(s, "departmentnumber");
    let manager = text(s, "manager");
    let uuid = text(s, "entryuuid");
    let mails = e.texts(s, "mail").unwrap_or_else(|()| {
        fine = false;
        Vec::new()
    });
    let proxies = e.texts(s, "proxyaddresses").unwrap_or_else(|()| {
        fine = false;
        Vec::new()
    });
    let mut numbers = Vec::new();
    for attr in ["telephonenumber", "mobile"] {
        match e.texts(s, attr) {
            Ok(values) => numbers.extend(values.into_iter().map(|v| (attr, v))),
            Err(()) => fine = false,
        }
    }
    let id = uid
        .clone()
        .or(sam)
        .or(upn)
        .or_else(|| mails.first().cloned())
        .map(|id| id.to_lowercase());
    let Some(id) = id else {
        e.problem(
            s,
            "the person has no uid, sAMAccountName, userPrincipalName or mail to make an id of",
        );
        return Some((
            Person {
                at: e.at,
                label: e.label.clone(),
                entry: index,
                uid,
                id: String::new(),
                name: None,
                emails: Vec::new(),
                phones: Vec::new(),
                external_ids: Vec::new(),
                title: None,
                department: None,
                manager,
            },
            false,
        ));
    };
    let name = display.or(cn).or_else(|| {
        let parts: Vec<String> = [given, sn].into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    // mail in order, then proxyAddresses: SMTP: (primary) first, then smtp:.
    let mut candidates: Vec<(&str, String)> = mails.into_iter().map(|m| ("mail", m)).collect();
    for primary in [true, false] {
        for proxy in &proxies {
            let Some((scheme, address)) = proxy.split_once(':') else {
                continue;
            };
            if !scheme.eq_ignore_ascii_case("smtp") {
                continue;
            }
            let is_primary = scheme == "SMTP";
            if is_primary == primary {
                candidates.push(("proxyAddresses", address.to_owned()));
            }
        }
    }
    let mut emails: Vec<String> = Vec::new();
    let mut given_emails: HashSet<String> = HashSet::new();
    for (field, address) in candidates {
        let field = format!("{}: {field}", e.label);
        match read_email(s, e.at, &id, &field, &address) {
            Some(address) => {
                if given_emails.insert(address.to_lowercase()) {
                    emails.push(address);
                }
            }
            None => fine = false,
        }
    }
    // telephoneNumber in order, then mobile, each number once.
    let mut phones: Vec<String> = Vec::new();
    for (attr, number) in numbers {
        let field = if attr == "mobile" {
            "mobile"
        } else {
            "telephoneNumber"
        };
        match crate::rules::read_phone(field, &number) {
            Ok(number) if !phones.contains(&number) => phones.push(number),
            Ok(_) => {}
            Err(message) => {
                e.problem(s, message);
                fine = false;
            }
        }
    }
    let mut external_ids = vec![(SYSTEM, e.dn_text.to_owned())];
    if let Some(uuid) = uuid {
        external_ids.push(("ldap-uuid", uuid.to_lowercase()));
    }
    if let Some(guid) = e.bytes("objectguid") {
        match <&[u8; 16]>::try_from(guid) {
            Ok(g) => external_ids.push(("ad-guid", guid_text(g))),
            Err(_) => {
                e.problem(
                    s,
                    format!("objectGUID is {} bytes, not the 16 of a GUID", guid.len()),
                );
                fine = false;
            }
        }
    }
    let p = Person {
        at: e.at,
        label: e.label.clone(),
        entry: index,
        uid,
        id,
        name,
        emails,
        phones,
        external_ids,
        title,
        department: department.or(department_number),
        manager,
    };
    Some((p, fine))
}

/// A GUID's 16 bytes as Active Directory stores them, as its text: the
/// first three groups little-endian, the last two in order.
fn guid_text(g: &[u8; 16]) -> String {
    let mut text = String::with_capacity(36);
    let groups: [&[usize]; 5] = [
        &[3, 2, 1, 0],
        &[5, 4],
        &[7, 6],
        &[8, 9],
        &[10, 11, 12, 13, 14, 15],
    ];
    for (n, group) in groups.iter().enumerate() {
        if n > 0 {
            text.push('-');
        }
        for &i in *group {
            text.push_str(&format!("{:02x}", g[i]));
        }
    }
    text
}

/// Reads a group: the group and whether it is fine.
fn group(s: &mut Session<'_>, e: &Entry<'_>, index: usize) -> (Group, bool) {
    let mut fine = true;
    let name = e.text(s, "cn").unwrap_or_else(|()| {
        fine = false;
        None
    });
    let mut members = Vec::new();
    for attr in ["member", "uniquemember"] {
        match e.texts(s, attr) {
            Ok(values) => {
                for value in values {
                    let dn = if attr == "uniquemember" {
                        strip_uid(&value)
                    } else {
                        value.as_str()
                    };
                    members.push(dn.to_owned());
                }
            }
            Err(()) => fine = false,
        }
    }
    let member_uids = e.texts(s, "memberuid").unwrap_or_else(|()| {
        fine = false;
        Vec::new()
    });
    let mut id = String::new();
    match &name {
        Some(name) => {
            let own = slug(name);
            if own.is_empty() {
                e.problem(
                    s,
                    format!(
                        "cn {} has no letter or digit to make an id of",
                        quoted(name)
                    ),
                );
                fine = false;
            } else {
                id = format!("group:{own}");
            }
        }
        None if fine => {
            e.problem(s, "the group has no cn");
            fine = false;
        }
        None => {}
    }
    let g = Group {
        at: e.at,
        label: e.label.clone(),
        entry: index,
        id,
        name: name.unwrap_or_default(),
        members,
        member_uids,
    };
    (g, fine)
}

/// A `uniqueMember`'s DN without its optional uid (`#'0101'B`).
fn strip_uid(value: &str) -> &str {
    if let Some(cut) = value.rfind("#'") {
        let bits = &value[cut + 2..];
        if let Some(bits) = bits.strip_suffix("'B") {
            if bits.bytes().all(|b| b == b'0' || b == b'1') && !value[..cut].ends_with('\\') {
                return value[..cut].trim_end();
            }
        }
    }
    value
}

/// The ids of the organisations the DNs make, in the order found (each
/// after its parent; `None` for one with a problem), and the index of
/// each by its DN's normalised form.
type Nodes = (Vec<Option<String>>, HashMap<String, usize>);

fn organisations(
    s: &mut Session<'_>,
    entries: &[Entry<'_>],
    people: &[(Person, bool)],
    groups: &[(Group, bool)],
    org_entries: &[usize],
) -> Nodes {
    let org_keys: HashMap<&str, usize> = org_entries
        .iter()
        .map(|&i| (entries[i].dn.key(), i))
        .collect();
    let mut mapped: Vec<usize> = org_entries.to_vec();
    mapped.extend(people.iter().filter(|(_, f)| *f).map(|(p, _)| p.entry));
    mapped.extend(groups.iter().filter(|(_, f)| *f).map(|(g, _)| g.entry));
    mapped.sort_unstable();
    let mut nodes: Vec<Node> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for &index in &mapped {
        let e = &entries[index];
        let n = e.dn.len();
        let single = |i: usize, ty: &str| {
            let rdn = e.dn.rdn(i);
            rdn.len() == 1 && rdn[0].0 == ty
        };
        // Where the trailing run of dc= components starts.
        let mut root = n;
        while root > 0 && single(root - 1, "dc") {
            root -= 1;
        }
        let mut parent: Option<usize> = None;
        for i in (0..n).rev() {
            let key = e.dn.suffix_key(i);
            let entry = org_keys.get(key).copied();
            let rdn = e.dn.rdn(i);
            let named = rdn
                .iter()
                .find(|(ty, _)| ty == "ou")
                .or_else(|| rdn.iter().find(|(ty, _)| ty == "o"));
            if i != root && named.is_none() && entry.is_none() {
                continue;
            }
            if let Some(&found) = by_key.get(key) {
                parent = Some(found);
                continue;
            }
            let domain = (i >= root).then(|| {
                (i..n)
                    .map(|j| e.dn.rdn(j)[0].1.trim().to_lowercase())
                    .collect::<Vec<_>>()
                    .join(".")
            });
            let value = named.unwrap_or(&rdn[0]).1.clone();
            let at = entry.map_or(e.at, |x| entries[x].at);
            let o = match entry {
                Some(x) => entries[x].text(s, "o").ok().flatten(),
                None => None,
            };
            let node = Node {
                written: e.dn.written_suffix(e.dn_text, i).to_owned(),
                domain,
                value,
                parent,
                at,
                entry,
                o,
            };
            by_key.insert(key.to_owned(), nodes.len());
            parent = Some(nodes.len());
            nodes.push(node);
        }
    }
    // Ids, each after its parent's; ids that meet are a problem.
    let mut ids: Vec<Option<String>> = Vec::with_capacity(nodes.len());
    let mut taken: HashMap<String, usize> = HashMap::new();
    for (k, node) in nodes.iter().enumerate() {
        let label = node_label(entries, node);
        let id = match &node.domain {
            Some(domain) if domain.is_empty() || domain.split('.').any(str::is_empty) => {
                let message = format!("{label}: the dc= components make no domain name");
                s.problem(node.at, None, message);
                None
            }
            Some(domain) => Some(domain.clone()),
            None => {
                let own = slug(&node.value);
                if own.is_empty() {
                    let message = format!(
                        "{label}: {} has no letter or digit to make an id of",
                        quoted(&node.value)
                    );
                    s.problem(node.at, None, message);
                    None
                } else {
                    match node.parent {
                        Some(p) => ids[p].as_ref().map(|parent| format!("{parent}/{own}")),
                        None => Some(own),
                    }
                }
            }
        };
        let id = id.and_then(|id| match taken.get(&id) {
            Some(&first) => {
                let message = format!(
                    "{label}: its id {} is already that of {} at {}",
                    quoted(&id),
                    node_label(entries, &nodes[first]),
                    s.place(nodes[first].at)
                );
                s.problem(node.at, Some(&id), message);
                None
            }
            None => {
                taken.insert(id.clone(), k);
                Some(id)
            }
        });
        ids.push(id);
    }
    for (node, id) in nodes.iter().zip(&ids) {
        let Some(id) = id else { continue };
        let name = match (&node.domain, &node.o) {
            (Some(_), Some(o)) => o.clone(),
            (Some(domain), None) => domain.clone(),
            (None, _) => node.value.clone(),
        };
        let mut organisation = Organisation {
            name: Some(name),
            parent: node.parent.and_then(|p| ids[p].clone()).map(Into::into),
            ..Organisation::new(id.as_str())
        };
        if let Some(entry) = node.entry {
            organisation
                .external_ids
                .insert(SYSTEM.to_owned(), entries[entry].dn_text.to_owned());
        }
        s.push(organisation, node.at);
    }
    (ids, by_key)
}

/// How messages name an organisation made from a DN.
fn node_label(entries: &[Entry<'_>], node: &Node) -> String {
    match node.entry {
        Some(entry) => entries[entry].label.clone(),
        None => format!(
            "{} (named in a DN, without an entry)",
            quoted(&node.written)
        ),
    }
}

/// People become individuals with a membership of their department or
/// nearest organisation, and their managers reporting lines.
fn map_people(
    s: &mut Session<'_>,
    entries: &[Entry<'_>],
    people: &[(Person, bool)],
    refs: &HashMap<String, Ref>,
    node_ids: &[Option<String>],
    by_key: &HashMap<String, usize>,
) {
    let mut departments: HashSet<String> = node_ids.iter().flatten().cloned().collect();
    let mut memberships = Vec::new();
    for (p, fine) in people {
        if !fine {
            continue;
        }
        let dn = &entries[p.entry].dn;
        // The nearest ancestor organisation, if it is fine.
        let nearest = (1..dn.len()).find_map(|i| by_key.get(dn.suffix_key(i)).copied());
        let parent = nearest.and_then(|k| node_ids[k].clone());
        if nearest.is_some() && parent.is_none() {
            // Its problem is reported already.
            continue;
        }
        let organisation = match &p.department {
            Some(department) => {
                let own = slug(department);
                if own.is_empty() {
                    let message = format!(
                        "{}: department {} has no letter or digit to make an id of",
                        p.label,
                        quoted(department)
                    );
                    s.problem(p.at, None, message);
                    continue;
                }
                let id = match &parent {
                    Some(parent) => format!("{parent}/{own}"),
                    None => own,
                };
                if departments.insert(id.clone()) {
                    s.push(
                        Organisation {
                            name: Some(department.clone()),
                            parent: parent.clone().map(Into::into),
                            ..Organisation::new(id.as_str())
                        },
                        p.at,
                    );
                }
                Some(id)
            }
            None => parent,
        };
        memberships.push((p, organisation));
    }
    for (p, _) in &memberships {
        s.push(
            Individual {
                name: p.name.clone(),
                emails: p.emails.clone(),
                phones: p.phones.clone(),
                external_ids: p
                    .external_ids
                    .iter()
                    .map(|(system, id)| ((*system).to_owned(), id.clone()))
                    .collect(),
                ..Individual::new(p.id.as_str())
            },
            p.at,
        );
    }
    for (p, organisation) in &memberships {
        if let Some(organisation) = organisation {
            s.push(
                Membership {
                    title: p.title.clone(),
                    ..Membership::new(p.id.as_str(), organisation.as_str())
                },
                p.at,
            );
        }
    }
    for (p, fine) in people {
        let Some(manager) = &p.manager else { continue };
        let key = match Dn::parse(manager) {
            Ok(dn) => dn.key().to_owned(),
            Err(e) => {
                let message = format!("{}: manager {} is not a DN: {e}", p.label, quoted(manager));
                s.problem(p.at, None, message);
                continue;
            }
        };
        let what = match refs.get(&key) {
            Some(Ref::Person(m)) => {
                if *fine {
                    let id = people[*m].0.id.as_str();
                    s.push(Reporting::new(p.id.as_str(), id), p.at);
                }
                continue;
            }
            Some(Ref::Broken) => continue,
            Some(Ref::Disabled) => "is a disabled account (skipped)",
            Some(Ref::Group(_) | Ref::Organisation | Ref::Skipped) => "is not a person",
            None => "is not an entry in the files",
        };
        let message = format!("{}: manager {} {what}", p.label, quoted(manager));
        missing(s, p.at, Some(manager), &p.label, message);
    }
}

/// Groups become organisations; their members memberships, or (a group in
/// one group alone) the member group's parent.
fn map_groups(
    s: &mut Session<'_>,
    entries: &[Entry<'_>],
    people: &[(Person, bool)],
    groups: &[(Group, bool)],
    refs: &HashMap<String, Ref>,
    uids: &HashMap<String, Ref>,
) {
    let mut memberships: Vec<(usize, usize)> = Vec::new();
    let mut parents: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut nested: HashSet<(usize, usize)> = HashSet::new();
    for (k, (g, fine)) in groups.iter().enumerate() {
        let own = entries[g.entry].dn.key();
        let mut found: Vec<(Ref, String, &str)> = Vec::new();
        for member in &g.members {
            match Dn::parse(member) {
                // An empty member is groupOfNames's placeholder.
                Ok(dn) if dn.len() == 0 || dn.key() == own => {}
                Ok(dn) => match refs.get(dn.key()) {
                    Some(r) => found.push((*r, member.clone(), "member")),
                    None => {
                        let message = format!(
                            "{}: member {} is not an entry in the files",
                            g.label,
                            quoted(member)
                        );
                        missing(s, g.at, Some(member), &g.label, message);
                    }
                },
                Err(e) => {
                    let message =
                        format!("{}: member {} is not a DN: {e}", g.label, quoted(member));
                    s.problem(g.at, None, message);
                }
            }
        }
        for uid in &g.member_uids {
            match uids.get(&uid.to_lowercase()) {
                Some(r) => found.push((*r, uid.clone(), "memberUid")),
                None => {
                    let message = format!(
                        "{}: memberUid {} is not the uid of a person in the files",
                        g.label,
                        quoted(uid)
                    );
                    missing(s, g.at, Some(uid), &g.label, message);
                }
            }
        }
        for (r, member, field) in found {
            match r {
                Ref::Person(p) => {
                    if *fine {
                        memberships.push((p, k));
                    }
                }
                Ref::Group(m) => {
                    if *fine && nested.insert((m, k)) {
                        parents.entry(m).or_default().push(k);
                    }
                }
                // Dropped with the entry skipped, or reported already.
                Ref::Disabled | Ref::Skipped | Ref::Broken => {}
                Ref::Organisation => {
                    let message = format!(
                        "{}: {field} {} is not a person or group",
                        g.label,
                        quoted(&member)
                    );
                    missing(s, g.at, Some(&member), &g.label, message);
                }
            }
        }
    }
    for (k, (g, fine)) in groups.iter().enumerate() {
        if !fine {
            continue;
        }
        let parent = match parents.get(&k).map(Vec::as_slice) {
            Some([one]) => Some(groups[*one].0.id.as_str().into()),
            _ => None,
        };
        s.push(
            Organisation {
                name: Some(g.name.clone()),
                parent,
                external_ids: [(SYSTEM.to_owned(), entries[g.entry].dn_text.to_owned())].into(),
                ..Organisation::new(g.id.as_str())
            },
            g.at,
        );
    }
    let mut done: HashSet<(usize, usize)> = HashSet::new();
    for (p, k) in memberships {
        if done.insert((p, k)) {
            let g = &groups[k].0;
            s.push(
                Membership::new(people[p].0.id.as_str(), g.id.as_str()),
                g.at,
            );
        }
    }
}
