//! Finding a REST API's parts among the resources deployed so far in this run: the
//! RestApi a part names, the resource a method or child hangs under.
//!
//! A part names its API by `RestApiId`; gantry serves a REST API declared in the same
//! stack only, so an id found nowhere in the stack is refused (fail closed) rather than
//! deployed as a part of nothing.

use store::model::ResourceModel;
use store::model::apigateway::{Resource, RestApi};

use crate::ProviderError;
use crate::provider::ProviderRequest;

/// The RestApi `rest_api_id` names, deployed earlier in this run.
pub(crate) fn rest_api<'a>(
    request: &ProviderRequest<'a>,
    rest_api_id: &str,
) -> Result<&'a RestApi, ProviderError> {
    request
        .deployed_models()
        .find_map(|model| match model {
            ResourceModel::RestApi(api) if api.rest_api_id == rest_api_id => Some(api),
            _ => None,
        })
        .ok_or_else(|| {
            ProviderError::invalid(
                "RestApiId",
                format!(
                    "names no AWS::ApiGateway::RestApi of this stack ({rest_api_id:?}); gantry serves \
                     the parts of a REST API declared in the same stack: use !Ref of the RestApi"
                ),
            )
        })
}

/// Every resource of the API but the root: the imported definition's and the
/// `AWS::ApiGateway::Resource`s deployed so far.
pub(crate) fn resources<'a>(
    request: &ProviderRequest<'a>,
    api: &'a RestApi,
) -> impl Iterator<Item = &'a Resource> {
    let imported = api
        .imported
        .iter()
        .flat_map(|definition| definition.resources.iter());
    let declared = request
        .deployed_models()
        .filter_map(move |model| match model {
            ResourceModel::RestResource(resource) if resource.rest_api_id == api.rest_api_id => {
                Some(resource)
            }
            _ => None,
        });
    imported.chain(declared)
}

/// A resource of the API by id: `None` for the root.
pub(crate) enum Found<'a> {
    /// The root resource, `/`.
    Root,
    /// Another resource.
    Resource(&'a Resource),
}

impl Found<'_> {
    /// The full path: `/` for the root.
    pub(crate) fn path(&self) -> &str {
        match self {
            Found::Root => "/",
            Found::Resource(resource) => &resource.path,
        }
    }
}

/// The resource `resource_id` of the API, reported against `property` when absent.
pub(crate) fn resource<'a>(
    request: &ProviderRequest<'a>,
    api: &'a RestApi,
    resource_id: &str,
    property: &str,
) -> Result<Found<'a>, ProviderError> {
    if resource_id == api.root_resource_id {
        return Ok(Found::Root);
    }
    resources(request, api)
        .find(|resource| resource.resource_id == resource_id)
        .map(Found::Resource)
        .ok_or_else(|| {
            ProviderError::invalid(
                property,
                format!(
                    "names no resource of RestApi {} ({resource_id:?}); use !GetAtt Api.RootResourceId \
                     or !Ref of an AWS::ApiGateway::Resource of that API (declared before, e.g. \
                     through !Ref, so that it exists when this one is created)",
                    api.rest_api_id
                ),
            )
        })
}

/// Whether the API has the authorizer `authorizer_id`: imported with its definition, or
/// an `AWS::ApiGateway::Authorizer` deployed so far.
pub(crate) fn has_authorizer(
    request: &ProviderRequest<'_>,
    api: &RestApi,
    authorizer_id: &str,
) -> bool {
    let imported = api
        .imported
        .iter()
        .flat_map(|definition| definition.authorizers.iter())
        .any(|authorizer| authorizer.authorizer_id == authorizer_id);
    imported
        || request.deployed_models().any(|model| {
            matches!(model, ResourceModel::RestAuthorizer(authorizer)
                if authorizer.authorizer_id == authorizer_id && authorizer.rest_api_id == api.rest_api_id)
        })
}

/// How a method is named in messages: `GET /pets/{id}`.
pub(crate) fn method_label(http_method: &str, path: &str) -> String {
    format!("{http_method} {path}")
}
