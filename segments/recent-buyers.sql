-- customers who bought in the last 30 days
SELECT *
FROM customer_view
WHERE days_since_last_purchase BETWEEN 0 AND 30
ORDER BY postal_code, id;
