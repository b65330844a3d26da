//! Visit views: the rounds with their teams and coverage, and the rotation of cadres.

use super::{percent, IdName, PersonView, Views};
use crate::date::Date;
use crate::model::Visit;
use serde::Serialize;

#[derive(Serialize)]
pub struct TeamView {
    pub name: String,
    pub members: Vec<PersonView>,
    pub groups: Vec<IdName>,
}

#[derive(Serialize)]
pub struct CoverageView {
    pub group: IdName,
    pub households: u32,
    pub visited: u32,
    pub percent: u32,
}

#[derive(Serialize)]
pub struct RoundView {
    pub id: String,
    pub title: String,
    pub start: Option<Date>,
    pub start_text: Option<String>,
    pub end: Option<Date>,
    pub end_text: Option<String>,
    pub teams: Vec<TeamView>,
    pub coverage: Vec<CoverageView>,
    pub total_households: u32,
    pub total_visited: u32,
    pub percent: u32,
    /// The groups as a grid, each with its coverage (SVG, print with `| safe`).
    pub coverage_svg: String,
}

#[derive(Serialize)]
pub struct RotationCell {
    pub group_id: String,
    pub rounds: Vec<String>,
}

#[derive(Serialize)]
pub struct RotationRow {
    pub person: PersonView,
    pub cells: Vec<RotationCell>,
    pub covered: usize,
    pub total: usize,
    /// The groups this cadre has not visited in any round.
    pub missing: Vec<IdName>,
}

#[derive(Serialize)]
pub struct Rotation {
    pub groups: Vec<IdName>,
    pub rows: Vec<RotationRow>,
    /// Cadres who have visited every group (全覆盖), of `rows.len()`.
    pub full: usize,
}

impl Views<'_> {
    pub fn rounds(&self) -> Vec<RoundView> {
        self.m
            .visits
            .iter()
            .map(|v| {
                let coverage: Vec<CoverageView> = self
                    .m
                    .site
                    .groups
                    .iter()
                    .map(|g| {
                        let visited = v
                            .visited
                            .iter()
                            .find(|(id, _)| *id == g.id)
                            .map_or(0, |(_, n)| *n);
                        CoverageView {
                            group: self.group(&g.id),
                            households: g.households,
                            visited,
                            percent: percent(visited, g.households),
                        }
                    })
                    .collect();
                let total_households: u32 = coverage.iter().map(|c| c.households).sum();
                let total_visited: u32 = coverage.iter().map(|c| c.visited).sum();
                let coverage_svg = self.coverage_grid(v, &coverage);
                RoundView {
                    id: v.id.clone(),
                    title: v.title.clone(),
                    start: v.start,
                    start_text: self.opt_text(v.start),
                    end: v.end,
                    end_text: self.opt_text(v.end),
                    teams: v
                        .teams
                        .iter()
                        .map(|t| TeamView {
                            name: t.name.clone(),
                            members: self.people(&t.members),
                            groups: t.groups.iter().map(|g| self.group(g)).collect(),
                        })
                        .collect(),
                    coverage,
                    total_households,
                    total_visited,
                    percent: percent(total_visited, total_households),
                    coverage_svg,
                }
            })
            .collect()
    }

    /// A round's coverage as a grid of the groups: `visited/households` and the percentage.
    fn coverage_grid(&self, v: &Visit, coverage: &[CoverageView]) -> String {
        let cells: Vec<crate::charts::Cell> = coverage
            .iter()
            .map(|c| crate::charts::Cell {
                label: c.group.name.clone(),
                value: f64::from(c.percent),
                value_text: format!("{}%", c.percent),
                note: Some(format!("{}/{}", c.visited, c.households)),
                // Full coverage darkest; then 90 %, 75 %, any.
                level: Some(match c.percent {
                    100.. => 4,
                    90..=99 => 3,
                    75..=89 => 2,
                    1..=74 => 1,
                    0 => 0,
                }),
            })
            .collect();
        let items: Vec<(String, String)> = coverage
            .iter()
            .map(|c| {
                (
                    c.group.name.clone(),
                    format!("{}/{} {}%", c.visited, c.households, c.percent),
                )
            })
            .collect();
        let title = format!("{} · {}", v.title, self.label("coverage_by_group"));
        crate::charts::grid(
            &format!("coverage-{}", v.id),
            &title,
            &self.chart_desc(&title, &items),
            &cells,
            5,
            Some(100.0),
        )
    }

    /// Who visited which group in which round: cadre × group across rounds.
    pub fn rotation(&self) -> Rotation {
        let groups: Vec<IdName> = self
            .m
            .site
            .groups
            .iter()
            .map(|g| self.group(&g.id))
            .collect();
        let mut rows = Vec::new();
        for p in &self.m.site.people {
            let cells: Vec<RotationCell> = self
                .m
                .site
                .groups
                .iter()
                .map(|g| RotationCell {
                    group_id: g.id.clone(),
                    rounds: self
                        .m
                        .visits
                        .iter()
                        .filter(|v| {
                            v.teams
                                .iter()
                                .any(|t| t.members.contains(&p.id) && t.groups.contains(&g.id))
                        })
                        .map(|v| v.id.clone())
                        .collect(),
                })
                .collect();
            let covered = cells.iter().filter(|c| !c.rounds.is_empty()).count();
            if covered == 0 {
                continue;
            }
            let missing = cells
                .iter()
                .filter(|c| c.rounds.is_empty())
                .map(|c| self.group(&c.group_id))
                .collect();
            rows.push(RotationRow {
                person: PersonView {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    role: p.role.clone(),
                },
                total: cells.len(),
                covered,
                missing,
                cells,
            });
        }
        let full = rows.iter().filter(|r| r.covered == r.total).count();
        Rotation { groups, rows, full }
    }
}
