//! What specs generated into one crate share, merged before any is lowered: security
//! schemes (one credential per scheme defined alike) and server variables (one setting).

use super::*;

/// A scheme's kind, description and extensions.
type SchemeParts<'a> = (
    SecurityKind,
    &'a Option<String>,
    &'a IndexMap<String, Value>,
);

/// Why a scheme's credential is not sent, and a hint.
type Unsent = (&'static str, &'static str);

/// How a security scheme's credential is sent, with its description and extensions; or why
/// it is not sent (a warning: what, and a hint).
fn scheme_kind(scheme: &OaSecurityScheme) -> Result<SchemeParts<'_>, Unsent> {
    use openapiv3::APIKeyLocation;
    match scheme {
        OaSecurityScheme::APIKey {
            location: APIKeyLocation::Header,
            name,
            description,
            extensions,
        } => Ok((
            SecurityKind::ApiKeyHeader(name.clone()),
            description,
            extensions,
        )),
        OaSecurityScheme::APIKey {
            location: APIKeyLocation::Query,
            name,
            description,
            extensions,
        } => Ok((
            SecurityKind::ApiKeyQuery(name.clone()),
            description,
            extensions,
        )),
        OaSecurityScheme::APIKey { .. } => Err((
            "an API key in a cookie is not supported: the client does not send it",
            "send the key in a header or the query, or set the cookie with a hook",
        )),
        OaSecurityScheme::HTTP {
            scheme,
            description,
            extensions,
            ..
        } if scheme.eq_ignore_ascii_case("basic") => {
            Ok((SecurityKind::Basic, description, extensions))
        }
        OaSecurityScheme::HTTP {
            scheme,
            description,
            extensions,
            ..
        } if scheme.eq_ignore_ascii_case("bearer") => {
            Ok((SecurityKind::Bearer, description, extensions))
        }
        OaSecurityScheme::HTTP { .. } => Err((
            "HTTP authentication other than basic and bearer is not supported: the client does not send it",
            "use a basic, bearer or API key scheme",
        )),
        // An OAuth 2 or OpenID Connect access token the user obtained.
        OaSecurityScheme::OAuth2 {
            description,
            extensions,
            ..
        }
        | OaSecurityScheme::OpenIDConnect {
            description,
            extensions,
            ..
        } => Ok((SecurityKind::Bearer, description, extensions)),
    }
}

/// The security schemes of every spec, by name: one defined alike in several specs is one
/// credential (its `sources` list them); one defined differently under a name already taken
/// is a credential of its own, with a warning.
pub(super) fn merge_security_schemes(
    inputs: &[SpecInput<'_>],
    problems: &mut Vec<Problem>,
) -> Vec<SecurityScheme> {
    let mut merged: Vec<SecurityScheme> = Vec::new();
    for input in inputs {
        let Some(components) = &input.spec.components else {
            continue;
        };
        for (name, scheme) in &components.security_schemes {
            let pointer = format!("#/components/securitySchemes/{}", escape(name));
            let warn = |problems: &mut Vec<Problem>, (what, help): (&str, &str)| {
                problems.push(Problem::warning(input.source, &pointer, what, help));
            };
            // A `$ref` to another entry of the same table.
            let found = match scheme {
                ReferenceOr::Item(scheme) => Some(scheme),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/securitySchemes/")
                    .and_then(|target| components.security_schemes.get(&unescape(target)))
                    .and_then(|target| target.as_item()),
            };
            let Some(scheme) = found else {
                warn(
                    problems,
                    (
                        "a `$ref` that does not lead to a security scheme of this spec: the credential is not sent",
                        "refer to an entry of `#/components/securitySchemes`, or define the scheme here",
                    ),
                );
                continue;
            };
            let (kind, description, extensions) = match scheme_kind(scheme) {
                Ok(found) => found,
                Err(why) => {
                    warn(problems, why);
                    continue;
                }
            };
            let scheme = SecurityScheme {
                name: Name::new(name.clone()),
                constant: String::new(),
                kind,
                description: description.clone(),
                env: Extensions::of(extensions).env_name(),
                client_credentials: match scheme {
                    OaSecurityScheme::OAuth2 { flows, .. } => flows
                        .client_credentials
                        .as_ref()
                        .map(|flow| flow.token_url.clone()),
                    _ => None,
                },
                provider_setter: String::new(),
                client_credentials_setter: String::new(),
                sources: vec![input.source],
            };
            if let Some(same) = merged.iter_mut().find(|s| s.same_as(&scheme)) {
                same.sources.push(input.source);
                continue;
            }
            if merged.iter().any(|s| s.name.original == *name) {
                warn(
                    problems,
                    (
                        "this security scheme differs from the one of the same name in another spec: it is a credential of its own, its setter and constant numbered",
                        "give the schemes different names, or define them alike to share one credential",
                    ),
                );
            }
            merged.push(scheme);
        }
    }
    merged.sort_by(|a, b| a.name.original.cmp(&b.name.original));
    merged
}

pub(super) fn merge_server_variables(
    inputs: &[SpecInput<'_>],
    problems: &mut Vec<Problem>,
) -> Vec<ServerVariable> {
    let mut merged: Vec<ServerVariable> = Vec::new();
    for input in inputs {
        let Some(server) = input.spec.servers.first() else {
            continue;
        };
        for (name, variable) in server.variables.iter().flatten() {
            let pointer = format!("#/servers/0/variables/{}", escape(name));
            let variable = ServerVariable {
                name: Name::new(name.clone()),
                default: variable.default.clone(),
                allowed: variable
                    .enumeration
                    .iter()
                    .fold(Vec::new(), |mut allowed, value| {
                        if !allowed.contains(value) {
                            allowed.push(value.clone());
                        }
                        allowed
                    }),
                description: variable.description.clone(),
                env: Extensions::of(&variable.extensions).env_name(),
            };
            let mut variable = variable;
            if !variable.allowed.is_empty() && !variable.allowed.contains(&variable.default) {
                problems.push(Problem::warning(
                    input.source,
                    pointer.clone(),
                    format!("the default `{}` of server variable `{name}` is not one of its allowed values: allowed too", variable.default),
                    "add the default to the variable's `enum`",
                ));
                variable.allowed.insert(0, variable.default.clone());
            }
            // The same variable in several specs: one setting, accepting what any spec allows.
            match merged.iter_mut().find(|v| v.name.original == *name) {
                Some(existing) => {
                    if existing.default != variable.default {
                        problems.push(Problem::warning(
                            input.source,
                            pointer,
                            format!("server variable `{name}` has another default in another spec: the first spec's default, `{}`, is used", existing.default),
                            "specs generated into one crate share one configuration: give the variable the same default",
                        ));
                    }
                    if existing.allowed.is_empty() || variable.allowed.is_empty() {
                        existing.allowed.clear();
                    } else {
                        for value in variable.allowed {
                            if !existing.allowed.contains(&value) {
                                existing.allowed.push(value);
                            }
                        }
                    }
                    existing.env = existing.env.take().or(variable.env);
                }
                None => merged.push(variable),
            }
        }
    }
    merged.sort_by(|a, b| a.name.original.cmp(&b.name.original));
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEARER: &str = "
openapi: 3.0.3
info: {title: a, version: '1'}
security: [{auth: []}]
paths: {/a: {get: {operationId: a, responses: {'204': {description: ok}}}}}
components: {securitySchemes: {auth: {type: http, scheme: bearer}}}
";

    #[test]
    fn schemes_defined_alike_are_shared_and_differing_ones_kept_apart() {
        let key = BEARER.replace(
            "{type: http, scheme: bearer}",
            "{type: apiKey, in: header, name: X-Key}",
        );
        let (api, warnings) = lowered(&[BEARER, BEARER, &key]);
        assert_eq!(api.security_schemes.len(), 2);
        assert_eq!(api.security_schemes[0].sources, [0, 1]);
        assert_eq!(api.security_schemes[1].sources, [2]);
        assert!(
            warnings[0]
                .message
                .contains("differs from the one of the same name")
        );
        // Each module's operation uses its own spec's definition.
        let scheme_of = |m: usize| api.modules[m].groups[0].operations[0].security[0][0].scheme;
        assert_eq!([scheme_of(0), scheme_of(1), scheme_of(2)], [0, 0, 1]);
    }

    #[test]
    fn a_scheme_ref_is_followed_and_unsendable_schemes_warn() {
        let spec = BEARER.replace(
            "{auth: {type: http, scheme: bearer}}",
            "{auth: {$ref: '#/components/securitySchemes/real'}, real: {type: http, scheme: basic}, c: {type: apiKey, in: cookie, name: s}, d: {type: http, scheme: digest}}",
        );
        let (api, warnings) = lowered(&[&spec]);
        let kinds: Vec<_> = api
            .security_schemes
            .iter()
            .map(|s| (s.name.original.as_str(), &s.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("auth", &SecurityKind::Basic),
                ("real", &SecurityKind::Basic)
            ]
        );
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(messages[0].contains("cookie"), "{messages:?}");
        assert!(
            messages[1].contains("other than basic and bearer"),
            "{messages:?}"
        );
    }

    #[test]
    fn server_variables_merge_allowed_values_and_keep_the_first_default() {
        let spec = |default: &str, allowed: &str| {
            format!("
openapi: 3.0.3
info: {{title: a, version: '1'}}
servers: [{{url: 'https://{{site}}/api', variables: {{site: {{default: {default}, enum: [{allowed}]}}}}}}]
paths: {{}}
")
        };
        let (api, warnings) = lowered(&[&spec("eu", "eu, us"), &spec("us", "us, ap")]);
        let site = &api.server_variables[0];
        assert_eq!(site.default, "eu");
        assert_eq!(site.allowed, ["eu", "us", "ap"]);
        assert!(warnings[0].message.contains("another default"));
    }
}
