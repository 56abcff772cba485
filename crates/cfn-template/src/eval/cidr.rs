//! `Fn::Cidr`: carve `count` blocks with `cidr_bits` host bits out of an IPv4 or IPv6
//! block, in address order.
//!
//! Reference: AWS CloudFormation Template Reference, "Fn::Cidr".

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The blocks, or a description of what is wrong with the arguments.
pub(super) fn subnets(block: &str, count: &str, cidr_bits: &str) -> Result<Vec<String>, String> {
    let (address, prefix) = block
        .split_once('/')
        .ok_or_else(|| format!("`{block}` is not a CIDR block (address/prefix)"))?;
    let address: IpAddr = address
        .parse()
        .map_err(|_| format!("`{address}` is not an IP address"))?;
    let width: u32 = if address.is_ipv4() { 32 } else { 128 };
    let prefix: u32 = prefix
        .parse()
        .ok()
        .filter(|prefix| *prefix <= width)
        .ok_or_else(|| format!("`{block}` has an invalid prefix length"))?;
    let count: u32 = count
        .trim()
        .parse()
        .ok()
        .filter(|count| (1..=256).contains(count))
        .ok_or_else(|| format!("the count `{count}` must be a whole number from 1 to 256"))?;
    let bits: u32 = cidr_bits
        .trim()
        .parse()
        .ok()
        .filter(|bits| (1..=width).contains(bits))
        .ok_or_else(|| {
            format!("cidrBits `{cidr_bits}` must be a whole number from 1 to {width}")
        })?;
    let new_prefix = width - bits;
    if new_prefix < prefix {
        return Err(format!(
            "blocks of /{new_prefix} ({bits} host bits) do not fit in `{block}`"
        ));
    }
    let available = 1u128.checked_shl(new_prefix - prefix).unwrap_or(u128::MAX);
    if u128::from(count) > available {
        return Err(format!(
            "`{block}` holds only {available} blocks of /{new_prefix}, not {count}"
        ));
    }
    let raw = match address {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    };
    let host_mask = if prefix == 0 {
        u128::MAX
    } else {
        (1u128 << (width - prefix)) - 1
    };
    let network = raw & !host_mask;
    let step = 1u128 << bits;
    Ok((0..u128::from(count))
        .map(|index| {
            let start = network + index * step;
            let text = if width == 32 {
                Ipv4Addr::from(u32::try_from(start).unwrap_or(u32::MAX)).to_string()
            } else {
                Ipv6Addr::from(start).to_string()
            };
            format!("{text}/{new_prefix}")
        })
        .collect())
}
