//! `AWS::DynamoDB::Table` (what SAM's `SimpleTable` generates): deployed for its names,
//! not served. `Ref` returns the table name (`TableName`, or one generated as
//! CloudFormation does), `Fn::GetAtt Arn` its ARN and, when `StreamSpecification` is set,
//! `Fn::GetAtt StreamArn` its stream's ARN. A warning says gantry serves no DynamoDB and
//! how to point functions at one.

use arn::Arn;
use store::model::{ResourceModel, Table};

use crate::ProviderError;
use crate::properties::Properties;
use crate::provider::{ProviderRequest, ProviderWarning, Provisioned};

/// DynamoDB's limit on table names.
const MAX_NAME_LEN: usize = 255;

/// What the deploy says about every table.
pub(crate) const NOT_SERVED: &str = "gantry does not serve DynamoDB: the table has its name and ARN but no table exists. Run one (e.g. DynamoDB Local on port 8000), create the table there, and point the functions at it with --env-vars, e.g. {\"Parameters\": {\"AWS_ENDPOINT_URL_DYNAMODB\": \"http://127.0.0.1:8000\"}}";

pub(crate) fn provision(request: &ProviderRequest<'_>) -> Result<Provisioned, ProviderError> {
    let props = Properties::new(request.properties);
    if props.value("KeySchema").is_none() {
        return Err(ProviderError::missing("KeySchema"));
    }
    // Unconfirmed: CloudFormation's generated table names are taken to have the usual
    // `{stack}-{logicalId}-{suffix}` shape; the suffix's letters are observed upper case
    // for tables and are mixed here.
    let table_name = match props.string("TableName")? {
        Some(name) => name,
        None => request.generated_name(MAX_NAME_LEN),
    };
    let arn = Arn::new(
        request.stack.partition,
        "dynamodb",
        &request.stack.region,
        &request.stack.account_id,
        format!("table/{table_name}"),
    )
    .to_string();
    let stream_arn = props.object("StreamSpecification")?.map(|_| {
        previous_stream_arn(request, &arn)
            .unwrap_or_else(|| format!("{arn}/stream/{}", stream_label(request.now)))
    });
    let table = Table {
        table_name: table_name.clone(),
        arn: arn.clone(),
        stream_arn: stream_arn.clone(),
    };
    let mut provisioned =
        Provisioned::new(table_name, ResourceModel::Table(table)).attribute("Arn", arn);
    if let Some(stream_arn) = stream_arn {
        provisioned = provisioned.attribute("StreamArn", stream_arn);
    }
    provisioned
        .warnings
        .push(ProviderWarning::resource(NOT_SERVED));
    Ok(provisioned)
}

/// The stream keeps its label while the table keeps its stream.
fn previous_stream_arn(request: &ProviderRequest<'_>, arn: &str) -> Option<String> {
    match request.previous.map(|p| &p.model) {
        Some(ResourceModel::Table(previous)) if previous.arn == arn => previous.stream_arn.clone(),
        _ => None,
    }
}

/// A stream label as DynamoDB writes it: the stream's creation time,
/// `YYYY-MM-DDThh:mm:ss.sss` in UTC.
fn stream_label(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let seconds = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_date(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::stream_label;

    #[test]
    fn stream_labels_are_utc_timestamps() {
        assert_eq!(stream_label(0), "1970-01-01T00:00:00.000");
        assert_eq!(stream_label(1_709_251_199), "2024-02-29T23:59:59.000");
        assert_eq!(stream_label(1_764_770_400), "2025-12-03T14:00:00.000");
    }
}
