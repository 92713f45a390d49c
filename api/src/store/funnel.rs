//! The widget funnel's daily counters (`widget_funnel_days`): one row per widget key, day and
//! step, incremented by each batch the widget sends. Nothing about a visitor is stored: a row
//! is a number.

use annexa_shared::Date;
use annexa_shared::funnel::{FunnelReport, FunnelStep};

use crate::on_pool;
use crate::store::{BeginWrite, Columns, Pool, Result, StoreError};

/// Adds `steps` (each counts one) to the counters of `widget_key` on `day`.
pub async fn record(pool: &Pool, widget_key: &str, day: Date, steps: &[FunnelStep]) -> Result<()> {
    let day = day.to_string();
    let mut per_step: Vec<(FunnelStep, i64)> = Vec::new();
    for step in steps {
        match per_step.iter_mut().find(|(s, _)| s == step) {
            Some((_, visits)) => *visits += 1,
            None => per_step.push((*step, 1)),
        }
    }
    on_pool!(pool, pool => {
        let mut tx = pool.begin_write().await?;
        for (step, visits) in &per_step {
            sqlx::query(
                "INSERT INTO widget_funnel_days (widget_key, day, step, visits) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (widget_key, day, step) \
                 DO UPDATE SET visits = widget_funnel_days.visits + excluded.visits",
            )
            .bind(widget_key)
            .bind(&day)
            .bind(step.code())
            .bind(visits)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    });
    Ok(())
}

/// Adds `visits` to one counter (the demo data and tests set whole days at once).
pub async fn add(
    pool: &Pool,
    widget_key: &str,
    day: Date,
    step: FunnelStep,
    visits: u64,
) -> Result<()> {
    let visits = i64::try_from(visits).map_err(StoreError::internal)?;
    on_pool!(pool, pool => sqlx::query(
        "INSERT INTO widget_funnel_days (widget_key, day, step, visits) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (widget_key, day, step) \
         DO UPDATE SET visits = widget_funnel_days.visits + excluded.visits",
    )
    .bind(widget_key)
    .bind(day.to_string())
    .bind(step.code())
    .bind(visits)
    .execute(pool)
    .await
    .map(drop)?);
    Ok(())
}

/// Whether `widget_key` has any count at all (the demo adds its days only once).
pub async fn has_counts(pool: &Pool, widget_key: &str) -> Result<bool> {
    let found: Option<i32> = on_pool!(pool, pool => sqlx::query_scalar(
        "SELECT 1 FROM widget_funnel_days WHERE widget_key = $1 LIMIT 1",
    )
    .bind(widget_key)
    .fetch_optional(pool)
    .await?);
    Ok(found.is_some())
}

/// The funnel of `widget_key` (all keys together when `None`) for every day of `from..=to`.
pub async fn report(
    pool: &Pool,
    widget_key: Option<&str>,
    from: Date,
    to: Date,
) -> Result<FunnelReport> {
    // Days are fixed-width text, so the range is a text comparison on both engines.
    let rows = on_pool!(pool, pool => {
        let rows = sqlx::query(
            "SELECT day, step, CAST(SUM(visits) AS BIGINT) AS visits FROM widget_funnel_days \
             WHERE (CAST($1 AS TEXT) IS NULL OR widget_key = $1) AND day >= $2 AND day <= $3 \
             GROUP BY day, step",
        )
        .bind(widget_key)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(pool)
        .await?;
        let mut counts = Vec::with_capacity(rows.len());
        for row in rows {
            counts.push((row.text("day")?, row.text("step")?, row.int("visits")?));
        }
        counts
    });
    let counts = rows.into_iter().filter_map(|(day, step, visits)| {
        Some((
            day.parse::<Date>().ok()?,
            FunnelStep::from_code(&step)?,
            u64::try_from(visits).ok()?,
        ))
    });
    Ok(FunnelReport::from_counts(
        widget_key.map(str::to_owned),
        from,
        to,
        counts,
    ))
}
