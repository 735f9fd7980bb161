//! The `x-` extensions the generator reads, in one place: each one's name, shape and meaning.
//! A value of another shape than documented is ignored, as an unknown extension is.

use super::*;

/// The extensions of one object of the spec.
pub(super) struct Extensions<'a>(&'a IndexMap<String, Value>);

impl<'a> Extensions<'a> {
    pub(super) fn of(extensions: &'a IndexMap<String, Value>) -> Self {
        Extensions(extensions)
    }

    /// `x-env-name: NAME` (security schemes, server variables): the environment variable
    /// `Config::from_env` reads the credential or the value from.
    pub(super) fn env_name(&self) -> Option<String> {
        self.0.get("x-env-name")?.as_str().map(str::to_string)
    }

    /// `x-permission: {operator: AND|OR, permissions: [..]}` (operations): the permissions
    /// the caller's credentials need, all of them (`AND`) or any (`OR`, the default).
    pub(super) fn permission(&self) -> Option<Permission> {
        let value = self.0.get("x-permission")?;
        let permissions: Vec<String> =
            serde_json::from_value(value.get("permissions")?.clone()).ok()?;
        let operator = value
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or("OR")
            .to_string();
        Some(Permission {
            operator,
            permissions,
        })
    }

    /// `x-unstable: "why"` or `x-unstable: true` (operations): in preview, disabled until the
    /// user enables it; the note shown in its docs.
    pub(super) fn unstable(&self) -> Option<String> {
        match self.0.get("x-unstable")? {
            Value::String(text) => Some(text.clone()),
            Value::Bool(true) => Some("This operation is in preview and may change.".to_string()),
            _ => None,
        }
    }

    /// `x-pagination: {cursorParam, cursorPath | pageOffsetParam | pageParam, limitParam,
    /// resultsPath}` (operations): how to walk the pages, when every parameter it names is an
    /// optional query parameter of the operation (`params`).
    pub(super) fn pagination(&self, params: &[Param]) -> Option<Pagination> {
        let value = self.0.get("x-pagination")?;
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
        let path = |key: &str| {
            text(key).map(|p| {
                p.split('.')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
        };
        let mode = match (
            text("cursorParam"),
            text("pageOffsetParam"),
            text("pageParam"),
        ) {
            (Some(param), _, _) => PageMode::Cursor {
                param,
                path: path("cursorPath")?,
            },
            (None, Some(param), _) => PageMode::Offset { param },
            (None, None, Some(param)) => PageMode::Page { param },
            _ => return None,
        };
        let pagination = Pagination {
            mode,
            limit: text("limitParam"),
            results: path("resultsPath").unwrap_or_default(),
        };
        let query = |name: &str| {
            params.iter().any(|p| {
                p.name.original == name && p.location == ParamLocation::Query && !p.required
            })
        };
        let (PageMode::Cursor { param, .. }
        | PageMode::Offset { param }
        | PageMode::Page { param }) = &pagination.mode;
        (query(param) && pagination.limit.as_deref().is_none_or(query)).then_some(pagination)
    }

    /// `x-rate-limit-reset: true` (response headers): the header says how many seconds to wait
    /// before retrying.
    pub(super) fn rate_limit_reset(&self) -> bool {
        self.0.get("x-rate-limit-reset").and_then(Value::as_bool) == Some(true)
    }

    /// `x-enum-varnames: [..]` (enum schemas): the variant names, one per value; `None` when
    /// the count differs (`normalize` warned).
    pub(super) fn enum_varnames(&self, count: usize) -> Option<Vec<String>> {
        self.0
            .get("x-enum-varnames")
            .and_then(|v| serde_json::from_value::<Vec<String>>(v.clone()).ok())
            .filter(|v| v.len() == count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> IndexMap<String, Value> {
        serde_json::from_value(value).unwrap()
    }

    fn query(name: &str) -> Param {
        Param {
            name: Name::new(name.to_string()),
            location: ParamLocation::Query,
            required: false,
            description: None,
            deprecated: false,
            ty: TypeRef::String,
            example: None,
            style: Style::Form,
            structured: false,
        }
    }

    #[test]
    fn each_extension_is_read_in_its_documented_shape_only() {
        let m = map(json!({
            "x-env-name": "DD_API_KEY",
            "x-permission": {"operator": "AND", "permissions": ["a", "b"]},
            "x-unstable": true,
            "x-rate-limit-reset": true,
            "x-enum-varnames": ["A", "B"],
        }));
        let e = Extensions::of(&m);
        assert_eq!(e.env_name().as_deref(), Some("DD_API_KEY"));
        let permission = e.permission().unwrap();
        assert_eq!(
            (permission.operator.as_str(), permission.permissions.len()),
            ("AND", 2)
        );
        assert!(e.unstable().unwrap().contains("preview"));
        assert!(e.rate_limit_reset());
        assert_eq!(e.enum_varnames(2).unwrap(), ["A", "B"]);
        assert_eq!(e.enum_varnames(3), None);
        // Other shapes are ignored.
        let m = map(
            json!({"x-env-name": 3, "x-unstable": false, "x-rate-limit-reset": "yes",
            "x-permission": {"permissions": "a"}}),
        );
        let e = Extensions::of(&m);
        assert_eq!(
            (e.env_name(), e.unstable(), e.rate_limit_reset()),
            (None, None, false)
        );
        assert!(e.permission().is_none());
    }

    #[test]
    fn pagination_needs_its_parameters_to_be_optional_query_parameters() {
        let m = map(json!({"x-pagination": {
            "cursorParam": "page[cursor]", "cursorPath": "meta.page.after",
            "limitParam": "page[size]", "resultsPath": "data"}}));
        let e = Extensions::of(&m);
        let params = [query("page[cursor]"), query("page[size]")];
        let pagination = e.pagination(&params).unwrap();
        assert_eq!(
            pagination.mode,
            PageMode::Cursor {
                param: "page[cursor]".into(),
                path: vec!["meta".into(), "page".into(), "after".into()]
            }
        );
        assert_eq!(pagination.results, ["data"]);
        // The page size is not a parameter of the operation: no stream.
        assert!(e.pagination(&params[..1]).is_none());
        let mut required = query("page[cursor]");
        required.required = true;
        assert!(e.pagination(&[required, query("page[size]")]).is_none());
    }
}
