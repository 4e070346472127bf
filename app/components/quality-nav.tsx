import { NavLink } from "@remix-run/react";
import { useT } from "../utils/i18n";

/** The quality workspace's own pages: the dashboard, the survey answers, the follow-ups. */
export function QualityNav() {
  const t = useT();
  return (
    <nav aria-label={t("quality_review.nav_label")} className="actions">
      <NavLink to="/quality" end>
        {t("quality_review.nav_dashboard")}
      </NavLink>
      <NavLink to="/quality/surveys" end>
        {t("quality_review.nav_surveys")}
      </NavLink>
      <NavLink to="/quality/follow-ups">{t("quality_review.nav_follow_ups")}</NavLink>
      <NavLink to="/quality/report">{t("quality.report.nav")}</NavLink>
    </nav>
  );
}
